// Every serde fixture of the Athena SDK parses in the version the composite
// handler would pick, and what we write for it parses back to equal decoded
// content; member order, optional members and error cases follow §1.3.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "athena/message.hpp"
#include "columnar/ipc.hpp"
#include "common/base64.hpp"

namespace larkbase::athena {
namespace {

namespace fs = std::filesystem;

std::string read_fixture(const std::string& name) {
  std::ifstream in(fs::path(LARKBASE_FIXTURE_DIR) / name);
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().empty()) throw std::runtime_error("fixture missing: " + name);
  return text.str();
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("no " + from);
  return text.replace(at, from.size(), to);
}

struct Expected {
  const char* file;
  const char* type;
  int version;
};

TEST(AthenaProtocolTest, EveryFixtureParsesAndRoundTripsByValue) {
  const Expected cases[] = {
      {"PingRequest.json", "PingRequest", 6},
      {"PingRequestForwardsCompatible.json", "PingRequest", 6},
      {"PingResponse.json", "PingResponse", 6},
      {"PingResponseForwardsCompatible.json", "PingResponse", 6},
      {"v2/ListSchemasRequest.json", "ListSchemasRequest", 6},
      {"v2/ListSchemasResponse.json", "ListSchemasResponse", 6},
      {"v2/ListTablesRequest.json", "ListTablesRequest", 6},
      {"v2/ListTablesResponse.json", "ListTablesResponse", 6},
      {"v2/GetTableRequest.json", "GetTableRequest", 4},
      {"v2/GetTableResponse.json", "GetTableResponse", 6},
      {"v2/GetTableLayoutRequest.json", "GetTableLayoutRequest", 3},
      {"v2/GetTableLayoutResponse.json", "GetTableLayoutResponse", 6},
      {"v2/GetSplitsRequest.json", "GetSplitsRequest", 3},
      {"v2/GetSplitsResponse.json", "GetSplitsResponse", 6},
      {"v2/ReadRecordsRequest.json", "ReadRecordsRequest", 3},
      {"v2/ReadRecordsResponse.json", "ReadRecordsResponse", 6},
      {"v2/RemoteReadRecordsResponse.json", "RemoteReadRecordsResponse", 6},
      {"v2/UserDefinedFunctionRequest.json", "UserDefinedFunctionRequest", 6},
      {"v2/UserDefinedFunctionResponse.json", "UserDefinedFunctionResponse", 6},
      {"v4/GetDataSourceCapabilitiesResponse.json", "GetDataSourceCapabilitiesResponse", 6},
      {"v4/ReadRecordsRequest.json", "ReadRecordsRequest", 4},
      {"v5/GetTableRequest.json", "GetTableRequest", 6},
      {"v5/ReadRecordsRequest.json", "ReadRecordsRequest", 5},
      {"v6/ReadRecordsRequest.json", "ReadRecordsRequest", 6},
  };
  for (const Expected& expected : cases) {
    SCOPED_TRACE(expected.file);
    const Message parsed = parse_message(read_fixture(expected.file));
    EXPECT_EQ(parsed.type, expected.type);
    EXPECT_EQ(parsed.version, expected.version);
    for (int version = kMinSerdeVersion; version <= kMaxSerdeVersion; ++version) {
      // v2 and v3 share one JSON shape (only the Arrow framing differs); other versions
      // add or drop constraint members, so they are compared in their own version only.
      if (version != parsed.version && !(parsed.version <= 3 && version <= 3)) continue;
      Message copy = parsed;
      copy.version = version;
      const std::string written = write_message(copy);
      const Message back = parse_message_as(parse_wire_json(written, "written"), version);
      EXPECT_EQ(decoded_content(back), decoded_content(parsed)) << "version " << version;
    }
  }
}

TEST(AthenaProtocolTest, WrittenArrowFramingFollowsTheVersion) {
  Message message = parse_message(read_fixture("v2/ReadRecordsResponse.json"));
  for (int version : {2, 6}) {
    message.version = version;
    const WireJson wire = to_wire(message);
    const std::string records =
        common::base64_decode(wire["records"]["records"].get<std::string>());
    const columnar::IpcMessageInfo info = columnar::describe_message(records);
    EXPECT_EQ(info.framing,
              version == 2 ? columnar::IpcFraming::kLegacy : columnar::IpcFraming::kContinuation);
    EXPECT_EQ(info.metadata_version, version == 2 ? 3 : 4);
  }
}

TEST(AthenaProtocolTest, MemberOrderIsNormativeAndWrittenInOrder) {
  const Message response = parse_message(read_fixture("v2/ListTablesResponse.json"));
  const WireJson wire = to_wire(response);
  std::vector<std::string> keys;
  for (const auto& [key, value] : wire.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"@type", "tables", "catalogName", "nextToken"}));
  // catalogName before tables: no version accepts it.
  const std::string swapped =
      R"({"@type":"ListTablesResponse","catalogName":"c","tables":[],"nextToken":null})";
  EXPECT_THROW(parse_message(swapped), common::UserError);
  // Ping: catalogName before queryId; other requests the other way round.
  const std::string ping = read_fixture("PingRequest.json");
  const WireJson ping_wire = to_wire(parse_message(ping));
  EXPECT_LT(ping_wire.dump().find("catalogName"), ping_wire.dump().find("queryId"));
  const WireJson list = to_wire(parse_message(read_fixture("v2/ListSchemasRequest.json")));
  EXPECT_LT(list.dump().find("queryId"), list.dump().find("catalogName"));
  // Size strings stay strings.
  const WireJson read = to_wire(parse_message(read_fixture("v6/ReadRecordsRequest.json")));
  EXPECT_TRUE(read["maxBlockSize"].is_string());
  EXPECT_EQ(read["maxBlockSize"], "100000000000");
}

TEST(AthenaProtocolTest, OptionalAndLenientMembers) {
  // Identity configOptions may be missing (CompositeHandlerTest); it is written back.
  const std::string without =
      R"({"@type":"ListTablesRequest","identity":{"id":"UNKNOWN","principal":"UNKNOWN",)"
      R"("account":"1","arn":"a","tags":{},"groups":[]},"queryId":"q","catalogName":"c",)"
      R"("schemaName":"s","nextToken":null,"pageSize":2})";
  const Message message = parse_message(without);
  EXPECT_EQ(message.body["identity"]["configOptions"], WireJson::object());
  EXPECT_TRUE(to_wire(message)["identity"].contains("configOptions"));
  // ListTables may end after schemaName.
  const Message short_list =
      parse_message(replace(without, R"(,"nextToken":null,"pageSize":2)", ""));
  EXPECT_EQ(short_list.body["pageSize"], -1);
  EXPECT_TRUE(short_list.body["nextToken"].is_null());
  // An unknown member inside a nested object is an error, at the top level it is ignored.
  EXPECT_THROW(parse_message(replace(without, R"("groups":[])", R"("groups":[],"x":1)")),
               common::UserError);
  EXPECT_NO_THROW(parse_message(replace(without, R"("pageSize":2)", R"("pageSize":2,"x":1)")));
}

TEST(AthenaProtocolTest, RequestsThatFailNameTheProblem) {
  auto message_of = [](const std::string& text) {
    try {
      parse_message(text);
    } catch (const common::UserError& error) {
      return std::string(error.what());
    }
    return std::string("(parsed)");
  };
  EXPECT_NE(message_of("{").find("not valid JSON"), std::string::npos);
  EXPECT_NE(message_of(R"({"identity":{}})").find("@type"), std::string::npos);
  EXPECT_NE(message_of(R"({"@type":"DropTableRequest"})").find("DropTableRequest"),
            std::string::npos);
  EXPECT_NE(message_of(std::string(kMaxRequestBytes + 1, ' ')).find("largest accepted"),
            std::string::npos);
  std::string bad_schema = read_fixture("v2/GetTableResponse.json");
  const size_t at = bad_schema.find("\"schema\" : \"") + 12;
  bad_schema[at] = '!';
  EXPECT_NE(message_of(bad_schema).find("GetTableResponse.schema"), std::string::npos);
  EXPECT_NE(message_of(R"({"@type":"PingRequest","identity":{"id":"UNKNOWN","principal":"U",)"
                       R"("account":"1","arn":"a","tags":{},"groups":[]},"queryId":"q"})")
                .find("catalogName"),
            std::string::npos);
}

TEST(AthenaProtocolTest, LambdaErrorDocument) {
  const LambdaError error = parse_lambda_error(read_fixture("v2/LambdaFunctionException.json"));
  EXPECT_EQ(error.error_type, "com.amazonaws.services.dynamodbv2.model.ResourceNotFoundException");
  EXPECT_NE(error.error_message.find("Requested resource not found"), std::string::npos);
  EXPECT_EQ(error.stack_trace.size(), 2u);
}

}  // namespace
}  // namespace larkbase::athena
