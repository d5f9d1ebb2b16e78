// The Lambda custom runtime: the larkbase binary, started with no arguments and
// AWS_LAMBDA_RUNTIME_API set (as `bootstrap` does), takes events from a local
// Runtime API stand-in and posts answers. The federation call sequence runs
// through it against the Lark emulator; a malformed event is posted as an error
// and the loop goes on; the crawler handler is selectable; init failures go to
// /init/error; when the Runtime API fails the process exits.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <set>

#include "athena/message.hpp"
#include "child_process.hpp"
#include "columnar/cell_value.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"
#include "runtime_api_server.hpp"

namespace larkbase::athena {
namespace {

using testing::ChildProcess;
using testing::EmulatorProcess;
using testing::RuntimeApiServer;
using testing::RuntimePost;

const char* kIdentity =
    R"({"id":"UNKNOWN","principal":"UNKNOWN","account":"1","arn":"a","tags":{},"groups":[],)"
    R"("configOptions":{}})";

// Ping puts catalogName before queryId; every other request the other way round.
std::string ping_request() {
  return R"({"@type":"PingRequest","identity":)" + std::string(kIdentity) +
         R"(,"catalogName":"lark","queryId":"q-runtime"})";
}

std::string prefix(const std::string& type) {
  return R"({"@type":")" + type + R"(","identity":)" + kIdentity +
         R"(,"queryId":"q-runtime","catalogName":"lark")";
}

// The environment of a deployed connector pointed at the emulator.
std::map<std::string, std::string> lark_env(const EmulatorProcess& emu,
                                            const RuntimeApiServer& api) {
  std::string bases;
  for (const auto& base : emu.handshake().at("bases")) {
    std::string schema = base.at("name").get<std::string>();
    for (char& c : schema) c = char(std::tolower(static_cast<unsigned char>(c)));
    bases += (bases.empty() ? "" : ",") + base.at("app_token").get<std::string>() + "=" + schema;
  }
  return {{"AWS_LAMBDA_RUNTIME_API", api.api()},
          {"LARK_API_URL", emu.url()},
          {"LARK_APP_ID", emu.app_id()},
          {"LARK_APP_SECRET", emu.app_secret()},
          {"LARK_BASES", bases},
          {"LARK_RATE_LIMIT", "1000"}};
}

WireJson answer(const std::optional<RuntimePost>& post) {
  EXPECT_TRUE(post.has_value()) << "the runtime posted nothing";
  if (!post) return WireJson();
  EXPECT_EQ(post->kind, "response") << post->body;
  return parse_wire_json(post->body, "runtime response");
}

std::multiset<std::string> record_ids(const columnar::RecordBatch& batch) {
  const int index = batch.schema->field_index("$reserved_record_id");
  EXPECT_GE(index, 0);
  std::multiset<std::string> ids;
  if (index < 0) return ids;
  for (int64_t row = 0; row < batch.num_rows; ++row) {
    ids.insert(std::string(columnar::get_string(*batch.columns[size_t(index)], row)));
  }
  return ids;
}

class LambdaRuntimeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { emu_ = new EmulatorProcess({"--demo", "--rows", "80"}); }
  static void TearDownTestSuite() { delete emu_; }
  static EmulatorProcess* emu_;
};
EmulatorProcess* LambdaRuntimeTest::emu_ = nullptr;

TEST_F(LambdaRuntimeTest, FederationCallSequenceThroughTheRuntimeLoop) {
  RuntimeApiServer api;
  ChildProcess lambda(lark_env(*emu_, api));

  const WireJson ping = answer(api.call(ping_request()));
  EXPECT_EQ(ping["@type"], "PingResponse");
  EXPECT_EQ(ping["queryId"], "q-runtime");
  EXPECT_EQ(ping["serDeVersion"], 6);

  // A malformed event becomes an /error post, and the loop takes the next event.
  const auto broken = api.call("{\"@type\":\"PingRequest\", this is not JSON");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->kind, "error");
  const LambdaError error = parse_lambda_error(broken->body);
  EXPECT_EQ(error.error_type, "InvalidInputException");
  EXPECT_FALSE(error.error_message.empty());
  EXPECT_EQ(broken->error_type_header, "InvalidInputException");

  const WireJson schemas = answer(api.call(prefix("ListSchemasRequest") + "}"));
  ASSERT_FALSE(schemas["schemas"].empty());
  const std::string schema = schemas["schemas"][0].get<std::string>();
  const WireJson tables = answer(api.call(prefix("ListTablesRequest") + R"(,"schemaName":")" +
                                          schema + R"(","nextToken":null,"pageSize":-1})"));
  ASSERT_FALSE(tables["tables"].empty());
  const std::string table = tables["tables"][0]["tableName"].get<std::string>();
  const std::string name =
      R"("tableName":{"schemaName":")" + schema + R"(","tableName":")" + table + R"("})";
  const WireJson got = answer(
      api.call(prefix("GetTableRequest") + "," + name + R"(,"queryPassthroughArguments":{}})"));
  const std::string table_schema = got["schema"].get<std::string>();
  const std::string constraints = R"({"summary":{},"expression":[],"orderByClause":[],)"
                                  R"("limit":-1,"queryPassthroughArguments":{},"queryPlan":null})";
  const WireJson layout = answer(api.call(prefix("GetTableLayoutRequest") + "," + name +
                                          R"(,"constraints":)" + constraints + R"(,"schema":")" +
                                          table_schema + R"(","partitionColumns":[]})"));
  const WireJson splits = answer(api.call(
      prefix("GetSplitsRequest") + "," + name + R"(,"partitions":)" + layout["partitions"].dump() +
      R"(,"partitionColumns":[],"constraints":)" + constraints + R"(,"continuationToken":null})"));
  ASSERT_EQ(splits["splits"].size(), 1u);
  const WireJson read = answer(
      api.call(prefix("ReadRecordsRequest") + "," + name + R"(,"schema":")" + table_schema +
               R"(","split":)" + splits["splits"][0].dump() + R"(,"constraints":)" + constraints +
               R"(,"maxBlockSize":"100000000","maxInlineBlockSize":"100000000"})"));
  ASSERT_EQ(read["@type"], "ReadRecordsResponse");
  const Message decoded = parse_message(read.dump());
  const ArrowPayload& block = decoded.payload(decoded.body["records"]);
  ASSERT_TRUE(block.batch);

  // The same rows, read by the connector in this process.
  auto connector = connector::Connector::create(testing::emulator_connector_config(*emu_, true));
  std::multiset<std::string> expected;
  for (const auto& split : connector->plan({schema, table, {}, {}}).splits) {
    auto reader = connector->read(split);
    while (auto batch = reader->next()) {
      for (const auto& id : record_ids(*batch)) expected.insert(id);
    }
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(record_ids(*block.batch), expected);

  // An answer over the payload limit (HTTP 413) becomes that invocation's error.
  api.set_max_response_bytes(read.dump().size() / 2);
  const auto too_large =
      api.call(prefix("ReadRecordsRequest") + "," + name + R"(,"schema":")" + table_schema +
               R"(","split":)" + splits["splits"][0].dump() + R"(,"constraints":)" + constraints +
               R"(,"maxBlockSize":"100000000","maxInlineBlockSize":"100000000"})");
  ASSERT_TRUE(too_large);
  EXPECT_EQ(too_large->kind, "error");
  EXPECT_EQ(parse_lambda_error(too_large->body).error_type, "ResponseTooLarge");
  EXPECT_NE(too_large->body.find("spill_bucket"), std::string::npos) << too_large->body;

  // No answer ever carries the app secret.
  for (const auto& post : api.all_posts()) {
    EXPECT_EQ(post.body.find(emu_->app_secret()), std::string::npos);
  }

  // When the Runtime API keeps failing, the process gives up (three tries) and exits.
  api.close();
  EXPECT_EQ(lambda.wait(), 3);
  EXPECT_EQ(api.refused_next_calls(), 3);
}

int64_t epoch_ms_from_now(int64_t ms) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
             .count() +
         ms;
}

// Lambda-Runtime-Deadline-Ms: against a Lark that answers each call after 1.5 s, a
// ReadRecords whose deadline (less the response margin) is 0.4 s away fails with a
// retryable error naming the table and the Lambda deadline instead of running past
// it; the next invocation, with time to spare, reads the split whole.
TEST(LambdaRuntimeDeadline, ReadRecordsThatCannotFinishFailsRetryably) {
  EmulatorProcess slow({"--demo", "--rows", "30", "--latency-ms", "1500"});
  RuntimeApiServer api;
  auto env = lark_env(slow, api);
  env["LARKBASE_LAMBDA_DEADLINE_MARGIN_MS"] = "200";
  ChildProcess lambda(env);

  const std::string name = R"("tableName":{"schemaName":"sales","tableName":"orders"})";
  const std::string constraints = R"({"summary":{},"expression":[],"orderByClause":[],)"
                                  R"("limit":-1,"queryPassthroughArguments":{},"queryPlan":null})";
  const WireJson got = answer(
      api.call(prefix("GetTableRequest") + "," + name + R"(,"queryPassthroughArguments":{}})"));
  const std::string table_schema = got["schema"].get<std::string>();
  const WireJson layout = answer(api.call(prefix("GetTableLayoutRequest") + "," + name +
                                          R"(,"constraints":)" + constraints + R"(,"schema":")" +
                                          table_schema + R"(","partitionColumns":[]})"));
  const WireJson splits = answer(api.call(
      prefix("GetSplitsRequest") + "," + name + R"(,"partitions":)" + layout["partitions"].dump() +
      R"(,"partitionColumns":[],"constraints":)" + constraints + R"(,"continuationToken":null})"));
  ASSERT_EQ(splits["splits"].size(), 1u);
  const std::string read = prefix("ReadRecordsRequest") + "," + name + R"(,"schema":")" +
                           table_schema + R"(","split":)" + splits["splits"][0].dump() +
                           R"(,"constraints":)" + constraints +
                           R"(,"maxBlockSize":"100000000","maxInlineBlockSize":"100000000"})";

  const auto late = api.wait(api.push(read, epoch_ms_from_now(600)));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->kind, "error") << late->body;
  const LambdaError error = parse_lambda_error(late->body);
  EXPECT_EQ(error.error_type, "ExternalServiceException");
  EXPECT_NE(error.error_message.find("Lambda deadline"), std::string::npos) << error.error_message;
  EXPECT_NE(error.error_message.find("sales.orders"), std::string::npos) << error.error_message;
  EXPECT_NE(error.error_message.find("retries"), std::string::npos) << error.error_message;

  // The deadline was the invocation's, not the process's: the next read is whole.
  const WireJson whole = answer(api.call(read));
  ASSERT_EQ(whole["@type"], "ReadRecordsResponse");
  const Message decoded = parse_message(whole.dump());
  const ArrowPayload& block = decoded.payload(decoded.body["records"]);
  ASSERT_TRUE(block.batch);
  EXPECT_EQ(block.batch->num_rows, 30);
  api.close();
  EXPECT_EQ(lambda.wait(), 3);
}

TEST_F(LambdaRuntimeTest, CrawlerHandlerIsSelectedByEnvironment) {
  RuntimeApiServer api;
  const std::string catalog = (std::filesystem::temp_directory_path() /
                               ("larkbase-runtime-crawl-" + std::to_string(::getpid()) + ".json"))
                                  .string();
  auto env = lark_env(*emu_, api);
  env["LARKBASE_LAMBDA_HANDLER"] = "crawler";
  env["LARKBASE_CRAWL_CATALOG"] = catalog;
  ChildProcess lambda(env);
  const std::string folder = emu_->handshake().at("drive_folder").get<std::string>();
  const WireJson summary = answer(api.call(
      R"({"handlerType":"LARK_DRIVE","payload":{"larkDriveFolderToken":")" + folder + "\"}}"));
  EXPECT_TRUE(summary["ok"].get<bool>()) << summary.dump();
  EXPECT_GE(summary["totals"]["tables"]["created"].get<int>(), 1);
  EXPECT_TRUE(std::filesystem::exists(catalog));

  const auto bad = api.call(R"({"handlerType":"NOPE","payload":{}})");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->kind, "error");
  EXPECT_EQ(parse_lambda_error(bad->body).error_type, "InvalidInputException");
  EXPECT_NE(bad->body.find("NOPE"), std::string::npos);
  api.close();
  EXPECT_EQ(lambda.wait(), 3);
  std::filesystem::remove(catalog);
}

// The crawler honours the deadline as ReadRecords does: against a Lark that
// answers each call after 8 s (a crawl makes more than four calls, and nothing
// times out before 60 s), an invocation with 2 s left fails retryably naming the
// Lambda deadline, in about those 2 s rather than after the calls.
TEST(LambdaRuntimeDeadline, CrawlThatCannotFinishFailsRetryably) {
  EmulatorProcess slow({"--demo", "--latency-ms", "8000"});
  RuntimeApiServer api;
  auto env = lark_env(slow, api);
  env["LARKBASE_LAMBDA_HANDLER"] = "crawler";
  env["LARKBASE_CRAWL_CATALOG"] = (std::filesystem::temp_directory_path() /
                                   ("larkbase-deadline-crawl-" + std::to_string(::getpid())))
                                      .string();
  env["LARKBASE_LAMBDA_DEADLINE_MARGIN_MS"] = "200";
  env["LARK_TIMEOUT_MS"] = "60000";
  env["LARK_RETRY_BUDGET_MS"] = "60000";
  ChildProcess lambda(env);
  const std::string folder = slow.handshake().at("drive_folder").get<std::string>();
  const auto started = std::chrono::steady_clock::now();
  const auto posted = api.wait(api.push(
      R"({"handlerType":"LARK_DRIVE","payload":{"larkDriveFolderToken":")" + folder + "\"}}",
      epoch_ms_from_now(2200)));
  ASSERT_TRUE(posted);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  EXPECT_EQ(posted->kind, "error") << posted->body;
  const LambdaError error = parse_lambda_error(posted->body);
  EXPECT_EQ(error.error_type, "ExternalServiceException") << error.error_message;
  EXPECT_NE(error.error_message.find("Lambda deadline"), std::string::npos) << error.error_message;
  EXPECT_NE(error.error_message.find(folder), std::string::npos) << error.error_message;
  api.close();
  EXPECT_EQ(lambda.wait(), 3);
  std::filesystem::remove(env["LARKBASE_CRAWL_CATALOG"]);
}

TEST_F(LambdaRuntimeTest, InitFailuresArePostedToInitError) {
  RuntimeApiServer api;
  auto env = lark_env(*emu_, api);
  env["LARKBASE_LAMBDA_HANDLER"] = "athena-typo";
  ChildProcess unknown_handler(env);
  const auto posted = api.wait("init");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->error_type_header, "Runtime.InvalidConfiguration");
  const LambdaError error = parse_lambda_error(posted->body);
  EXPECT_NE(error.error_message.find("LARKBASE_LAMBDA_HANDLER"), std::string::npos);
  EXPECT_NE(error.error_message.find("athena-typo"), std::string::npos);
  EXPECT_EQ(unknown_handler.wait(), 1);
}

TEST_F(LambdaRuntimeTest, BadConnectorConfigurationIsAnInitError) {
  RuntimeApiServer api;
  auto env = lark_env(*emu_, api);
  env["MAX_BLOCK_SIZE_BYTES"] = "-5";
  ChildProcess lambda(env);
  const auto posted = api.wait("init");
  ASSERT_TRUE(posted);
  EXPECT_NE(parse_lambda_error(posted->body).error_message.find("MAX_BLOCK_SIZE_BYTES"),
            std::string::npos);
  EXPECT_EQ(posted->body.find(emu_->app_secret()), std::string::npos);
  EXPECT_EQ(lambda.wait(), 1);
}

}  // namespace
}  // namespace larkbase::athena
