// Spill and secrets against the local AWS emulator: the connector takes its Lark
// credentials from the demo Secrets Manager secret, and a ReadRecords with a small
// maxInlineBlockSize answers RemoteReadRecordsResponse whose S3 objects (fetched
// back from the emulator, decrypted with the split's key) hold exactly the rows of
// the inline answer. Also: spill without encryption, and a failed upload failing
// the invocation whole.
#include <gtest/gtest.h>

#include <string>

#include "athena/federation_handler.hpp"
#include "athena/s3_spill_store.hpp"
#include "athena_requests.hpp"
#include "aws/s3_client.hpp"
#include "aws_emulator_process.hpp"
#include "columnar/ipc.hpp"
#include "common/base64.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"

namespace larkbase::athena {
namespace {

using testing::AwsEmulatorProcess;
using testing::EmulatorProcess;

// The ReadRecords request of the table's one split, without sizes.
std::string read_request(FederationHandler& handler) {
  testing::AthenaQuery query("q-spill");
  query.plan(handler);
  const WireJson splits = query.splits(handler);
  EXPECT_EQ(splits["splits"].size(), 1u);
  return query.read_records(query.schema(), splits["splits"][0]);
}

// The decoded rows of the blocks of a message, in order.
WireJson rows_of(const Message& message) {
  const WireJson content = decoded_content(message);
  WireJson rows = WireJson::array();
  for (const auto& row : content["body"]["records"]["rows"]) rows.push_back(row);
  return rows;
}

class SpillAwsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lark_ = new EmulatorProcess({"--demo", "--rows", "150"});
    aws_ = new AwsEmulatorProcess({"--demo", "--lark-app-id", lark_->app_id(), "--lark-app-secret",
                                   lark_->app_secret(), "--secret",
                                   R"(larkbase/wrong-shape={"app_id":"x"})"});
  }
  static void TearDownTestSuite() {
    delete aws_;
    delete lark_;
  }

  // The deployed configuration: no Lark credentials in it, only the secret name.
  static AthenaConfig config() {
    AthenaConfig config;
    config.connector = testing::emulator_connector_config(*lark_, true);
    config.connector.lark.app_id.clear();
    config.connector.lark.app_secret.clear();
    config.lark_secret_name = "larkbase/lark-app";
    config.aws = aws_->config();
    config.spill.bucket = aws_->handshake().at("spill_bucket").get<std::string>();
    config.spill.prefix = "spill-test";
    return config;
  }
  static std::unique_ptr<FederationHandler> handler(AthenaConfig config) {
    auto store = std::make_shared<S3SpillStore>(aws_->config());
    return std::make_unique<FederationHandler>(std::move(config), nullptr, store);
  }

  // Reads the split inline and spilled; checks the spilled objects against the inline rows.
  static void check_spilled_equals_inline(bool encrypt) {
    AthenaConfig settings = config();
    settings.spill.encrypt = encrypt;
    auto h = handler(settings);
    const std::string request = read_request(*h);
    const Message inline_answer =
        parse_message(h->handle(request + testing::block_sizes("16000000", "5000000")));
    ASSERT_EQ(inline_answer.type, "ReadRecordsResponse");
    const WireJson expected = rows_of(inline_answer);
    ASSERT_GT(expected.size(), 100u);

    const WireJson remote =
        testing::AthenaQuery::call(*h, request + testing::block_sizes("20000", "1000"));
    ASSERT_EQ(remote["@type"], "RemoteReadRecordsResponse");
    ASSERT_GE(remote["remoteBlocks"].size(), 2u) << "a small maxBlockSize makes several blocks";
    EXPECT_EQ(remote["encryptionKey"].is_null(), !encrypt);
    const Message decoded = parse_message(remote.dump());
    const columnar::SchemaPtr schema = decoded.payload(decoded.body["schema"]).schema;

    aws::S3Client s3(aws_->config());
    Message spilled;
    spilled.type = "ReadRecordsResponse";
    WireJson rows = WireJson::array();
    for (size_t n = 0; n < remote["remoteBlocks"].size(); ++n) {
      const WireJson& location = remote["remoteBlocks"][n];
      EXPECT_EQ(location["bucket"], settings.spill.bucket);
      EXPECT_FALSE(location["directory"].get<bool>());
      const std::string key = location["key"].get<std::string>();
      EXPECT_EQ(key.rfind("spill-test/q-spill/", 0), 0u) << key;
      EXPECT_EQ(key.substr(key.rfind('.') + 1), std::to_string(n));
      const std::string object = s3.get_object(settings.spill.bucket, key);
      std::string message = object;
      if (encrypt) {
        // Ciphertext: not an Arrow message until decrypted with the split's key.
        EXPECT_ANY_THROW(columnar::read_record_batch_message(object, schema));
        message = decrypt_spill_object(
            object, {common::base64_decode(remote["encryptionKey"]["key"].get<std::string>()),
                     common::base64_decode(remote["encryptionKey"]["nonce"].get<std::string>())});
      }
      EXPECT_EQ(columnar::describe_message(message).framing, columnar::IpcFraming::kLegacy);
      Message one;
      one.type = "ReadRecordsResponse";
      one.body["records"] =
          one.add_block(schema, columnar::read_record_batch_message(message, schema));
      for (const auto& row : rows_of(one)) rows.push_back(row);
    }
    EXPECT_EQ(rows, expected);
  }

  static EmulatorProcess* lark_;
  static AwsEmulatorProcess* aws_;
};
EmulatorProcess* SpillAwsTest::lark_ = nullptr;
AwsEmulatorProcess* SpillAwsTest::aws_ = nullptr;

TEST_F(SpillAwsTest, EncryptedSpillHoldsTheInlineRows) { check_spilled_equals_inline(true); }

TEST_F(SpillAwsTest, UnencryptedSpillHoldsTheInlineRows) { check_spilled_equals_inline(false); }

TEST_F(SpillAwsTest, SplitsCarryTheKeyOnlyWhenEncrypting) {
  for (bool encrypt : {true, false}) {
    AthenaConfig settings = config();
    settings.spill.encrypt = encrypt;
    auto h = handler(settings);
    const std::string request = read_request(*h);
    const WireJson split = parse_wire_json(
        request.substr(request.find(R"("split":)") + 8,
                       request.find(R"(,"constraints":)") - request.find(R"("split":)") - 8),
        "split");
    EXPECT_EQ(split["encryptionKey"].is_null(), !encrypt);
    EXPECT_EQ(split["spillLocation"]["bucket"], settings.spill.bucket);
    EXPECT_TRUE(split["spillLocation"]["directory"].get<bool>());
  }
}

TEST_F(SpillAwsTest, FailedSpillUploadFailsTheInvocation) {
  AthenaConfig settings = config();
  settings.spill.bucket = "no-such-spill-bucket";
  auto h = handler(settings);
  const std::string request = read_request(*h);
  const InvocationResult result = h->invoke(request + testing::block_sizes("20000", "1000"));
  ASSERT_FALSE(result.ok) << result.body.substr(0, 300);
  const LambdaError error = parse_lambda_error(result.body);
  EXPECT_NE(error.error_message.find("no-such-spill-bucket"), std::string::npos)
      << error.error_message;
  EXPECT_EQ(result.body.find("remoteBlocks"), std::string::npos);
  EXPECT_EQ(result.body.find(lark_->app_secret()), std::string::npos);
  EXPECT_EQ(result.body.find("emulator-secret-key"), std::string::npos);
}

TEST_F(SpillAwsTest, SecretWithTheWrongShapeIsAClearError) {
  AthenaConfig settings = config();
  settings.lark_secret_name = "larkbase/wrong-shape";
  auto h = handler(settings);
  const InvocationResult result =
      h->invoke(testing::AthenaQuery("q-spill").prefix("ListSchemasRequest") + "}");
  ASSERT_FALSE(result.ok);
  const LambdaError error = parse_lambda_error(result.body);
  EXPECT_EQ(error.error_type, "InvalidInputException");
  EXPECT_NE(error.error_message.find("larkbase/wrong-shape"), std::string::npos);
  EXPECT_NE(error.error_message.find("lark_app_secret"), std::string::npos);

  settings.lark_secret_name = "larkbase/missing";
  const InvocationResult missing =
      handler(settings)->invoke(testing::AthenaQuery("q-spill").prefix("ListSchemasRequest") + "}");
  ASSERT_FALSE(missing.ok);
  EXPECT_NE(parse_lambda_error(missing.body).error_message.find("larkbase/missing"),
            std::string::npos);
}

}  // namespace
}  // namespace larkbase::athena
