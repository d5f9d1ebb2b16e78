// The federation call sequence against the Lark emulator: ListSchemas → ListTables
// (paged) → GetTable → GetTableLayout → GetSplits → ReadRecords, the rows compared
// with the connector's own read of the same table; spilled reads decoded back.
#include <gtest/gtest.h>

#include <map>

#include "athena/federation_handler.hpp"
#include "columnar/ipc.hpp"
#include "common/base64.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"

namespace larkbase::athena {
namespace {

using testing::EmulatorProcess;

const char* kIdentity =
    R"({"id":"UNKNOWN","principal":"UNKNOWN","account":"1","arn":"a","tags":{},"groups":[],)"
    R"("configOptions":{}})";

class MemoryStore : public SpillStore {
 public:
  void put(const std::string& bucket, const std::string& key, std::string bytes) override {
    objects[bucket + "/" + key] = std::move(bytes);
  }
  std::map<std::string, std::string> objects;
};

class AthenaHandlerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { emu_ = new EmulatorProcess({"--demo", "--rows", "120"}); }
  static void TearDownTestSuite() { delete emu_; }

  std::unique_ptr<FederationHandler> handler(std::shared_ptr<SpillStore> store = nullptr) {
    AthenaConfig config;
    config.connector = testing::emulator_connector_config(*emu_, true);
    config.spill.bucket = "spill";
    return std::make_unique<FederationHandler>(config, nullptr, store);
  }
  static WireJson call(FederationHandler& handler, const std::string& request) {
    return parse_wire_json(handler.handle(request), "response");
  }
  static std::string prefix(const std::string& type) {
    return R"({"@type":")" + type + R"(","identity":)" + kIdentity +
           R"(,"queryId":"q1","catalogName":"lark")";
  }
  static EmulatorProcess* emu_;
};
EmulatorProcess* AthenaHandlerTest::emu_ = nullptr;

TEST_F(AthenaHandlerTest, CallSequenceReturnsTheConnectorsRows) {
  auto h = handler();
  const WireJson schemas = call(*h, prefix("ListSchemasRequest") + "}");
  ASSERT_FALSE(schemas["schemas"].empty());
  const std::string schema = schemas["schemas"][0].get<std::string>();

  // Paging: pages of one table concatenate to the unpaged list.
  const WireJson all = call(*h, prefix("ListTablesRequest") + R"(,"schemaName":")" + schema +
                                    R"(","nextToken":null,"pageSize":-1})");
  ASSERT_FALSE(all["tables"].empty());
  EXPECT_TRUE(all["nextToken"].is_null());
  WireJson paged = WireJson::array();
  WireJson token = nullptr;
  do {
    const WireJson page = call(*h, prefix("ListTablesRequest") + R"(,"schemaName":")" + schema +
                                       R"(","nextToken":)" + token.dump() + R"(,"pageSize":1})");
    for (const auto& t : page["tables"]) paged.push_back(t);
    token = page["nextToken"];
  } while (!token.is_null());
  EXPECT_EQ(paged, all["tables"]);

  const std::string table = all["tables"][0]["tableName"].get<std::string>();
  const std::string name =
      R"("tableName":{"schemaName":")" + schema + R"(","tableName":")" + table + R"("})";
  const WireJson got =
      call(*h, prefix("GetTableRequest") + "," + name + R"(,"queryPassthroughArguments":{}})");
  const std::string table_schema = got["schema"].get<std::string>();
  const std::string constraints = R"({"summary":{},"expression":[],"orderByClause":[],)"
                                  R"("limit":-1,"queryPassthroughArguments":{},"queryPlan":null})";
  const WireJson layout =
      call(*h, prefix("GetTableLayoutRequest") + "," + name + R"(,"constraints":)" + constraints +
                   R"(,"schema":")" + table_schema + R"(","partitionColumns":[]})");
  const WireJson splits =
      call(*h, prefix("GetSplitsRequest") + "," + name + R"(,"partitions":)" +
                   layout["partitions"].dump() + R"(,"partitionColumns":[],"constraints":)" +
                   constraints + R"(,"continuationToken":null})");
  ASSERT_EQ(splits["splits"].size(), 1u);
  const std::string read_request = prefix("ReadRecordsRequest") + "," + name + R"(,"schema":")" +
                                   table_schema + R"(","split":)" + splits["splits"][0].dump() +
                                   R"(,"constraints":)" + constraints;
  const WireJson inline_answer =
      call(*h, read_request + R"(,"maxBlockSize":"100000000","maxInlineBlockSize":"100000000"})");
  ASSERT_EQ(inline_answer["@type"], "ReadRecordsResponse");
  const Message decoded = parse_message(inline_answer.dump());
  const ArrowPayload& block = decoded.payload(decoded.body["records"]);
  ASSERT_TRUE(block.batch);

  // The same rows through the connector directly.
  auto connector = connector::Connector::create(testing::emulator_connector_config(*emu_, true));
  connector::ScanRequest scan{schema, table, {}, {}};
  auto plan = connector->plan(scan);
  int64_t rows = 0;
  for (const auto& split : plan.splits) {
    auto reader = connector->read(split);
    while (auto batch = reader->next()) rows += batch->num_rows;
  }
  ASSERT_GT(rows, 0);
  EXPECT_EQ(block.batch->num_rows, rows);

  // A small block size spills: every object decrypts to a batch, the rows add up.
  auto store = std::make_shared<MemoryStore>();
  auto spilling = handler(store);
  const WireJson remote =
      call(*spilling, read_request + R"(,"maxBlockSize":"1","maxInlineBlockSize":"1"})");
  ASSERT_EQ(remote["@type"], "RemoteReadRecordsResponse");
  ASSERT_GE(remote["remoteBlocks"].size(), 1u);
  const EncryptionKey key{
      common::base64_decode(remote["encryptionKey"]["key"].get<std::string>()),
      common::base64_decode(remote["encryptionKey"]["nonce"].get<std::string>())};
  int64_t spilled_rows = 0;
  for (const auto& location : remote["remoteBlocks"]) {
    const std::string object = store->objects.at("spill/" + location["key"].get<std::string>());
    const std::string message = decrypt_spill_object(object, key);
    EXPECT_EQ(columnar::describe_message(message).framing, columnar::IpcFraming::kLegacy);
    spilled_rows += columnar::read_record_batch_message(message, block.schema).num_rows;
  }
  EXPECT_EQ(spilled_rows, rows);
}

TEST_F(AthenaHandlerTest, ErrorsBecomeLambdaErrorDocuments) {
  auto h = handler();
  const InvocationResult unknown =
      h->invoke(prefix("GetTableRequest") + R"(,"tableName":{"schemaName":"nope","tableName":"x"},)"
                                            R"("queryPassthroughArguments":{}})");
  EXPECT_FALSE(unknown.ok);
  const LambdaError error = parse_lambda_error(unknown.body);
  EXPECT_EQ(error.error_type, "InvalidInputException");
  EXPECT_NE(error.error_message.find("nope"), std::string::npos);
  EXPECT_EQ(error.error_message.find(emu_->app_secret()), std::string::npos);
  const InvocationResult udf = h->invoke(
      R"({"@type":"UserDefinedFunctionRequest","identity":)" + std::string(kIdentity) +
      R"(,"inputRecords":{"aId":"a","schema":"","records":""},"outputSchema":"","methodName":"f","functionType":"SCALAR"})");
  EXPECT_FALSE(udf.ok);
}

}  // namespace
}  // namespace larkbase::athena
