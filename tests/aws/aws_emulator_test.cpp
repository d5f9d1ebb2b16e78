// Our clients against our emulator, started as a child process on a free port.
#include <gtest/gtest.h>

#include "aws/athena_client.hpp"
#include "aws/glue_client.hpp"
#include "aws/s3_client.hpp"
#include "aws/secrets_manager_client.hpp"
#include "aws/sts_client.hpp"
#include "aws_emulator_process.hpp"

namespace larkbase::aws {
namespace {

using testing::AwsEmulatorProcess;

TEST(AwsEmulatorTest, DemoSecretStsAndAthena) {
  AwsEmulatorProcess emulator({"--demo", "--query-execution", "q-1=SELECT * FROM \"b\".\"t\""});
  EXPECT_EQ(emulator.handshake().at("spill_bucket"), "larkbase-spill");
  SecretsManagerClient secrets(emulator.config());
  common::Json secret = secrets.get_secret_json("larkbase/lark-app");
  EXPECT_EQ(secret.at("lark_app_id"), "cli_emulator");
  EXPECT_EQ(secret.at("lark_app_secret"), "emulator-secret");
  try {
    secrets.get_secret_value("missing");
    FAIL() << "expected ResourceNotFoundException";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "ResourceNotFoundException");
    EXPECT_EQ(error.kind(), common::ErrorKind::kUser);
    EXPECT_FALSE(error.request_id().empty());
  }
  EXPECT_EQ(StsClient(emulator.config()).get_caller_identity().account,
            emulator.handshake().at("account_id").get<std::string>());
  QueryExecution execution = AthenaClient(emulator.config()).get_query_execution("q-1");
  EXPECT_EQ(execution.query, "SELECT * FROM \"b\".\"t\"");
}

TEST(AwsEmulatorTest, GlueCrudAndPaging) {
  AwsEmulatorProcess emulator({"--demo"});
  GlueClient glue(emulator.config());
  glue.set_page_size(2);
  EXPECT_EQ(glue.get_database("sales").location_uri.find("lark-base-flag/"), 0u);
  glue.create_database({"Shop", "", "lark-base-flag/x", {}, ""});
  try {
    glue.create_database({"shop", "", "", {}, ""});
    FAIL() << "expected AlreadyExistsException";
  } catch (const AwsError& error) {
    EXPECT_TRUE(error.already_exists());
  }
  std::vector<std::string> names;
  for (int i = 0; i < 5; ++i) {
    GlueTable table;
    table.name = "t" + std::to_string(i);
    table.parameters = {{"classification", "lark-base-flag"}};
    table.storage_descriptor = GlueStorageDescriptor{
        {{"c", "string", "LarkBaseFieldId=f", {}}}, "loc", "", "", std::nullopt, {}};
    glue.create_table("shop", table);
    names.push_back(table.name);
  }
  auto tables = glue.get_tables("shop");
  ASSERT_EQ(tables.size(), 5u);
  EXPECT_EQ(tables[4].storage_descriptor->columns[0].comment, "LarkBaseFieldId=f");
  EXPECT_GE(glue.transport().stats().snapshot().pages, 3u);
  GlueTable changed = tables[0];
  changed.parameters["larkTableId"] = "tblX";
  glue.update_table("shop", changed);
  EXPECT_EQ(glue.get_table("shop", "t0").parameters.at("larkTableId"), "tblX");
  names.push_back("nope");
  auto failures = glue.batch_delete_table("shop", names);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].code, "EntityNotFoundException");
  EXPECT_TRUE(glue.get_tables("shop").empty());
  EXPECT_THROW(glue.get_table("shop", "t0"), AwsError);
}

TEST(AwsEmulatorTest, S3ObjectsRangesListingAndMultipart) {
  AwsEmulatorProcess emulator({"--demo"});
  S3Client s3(emulator.config());
  s3.set_list_page_size(2);
  s3.head_bucket("larkbase-spill");
  EXPECT_THROW(s3.head_bucket("no-such-bucket"), AwsError);
  for (int i = 0; i < 5; ++i) {
    s3.put_object("larkbase-spill", "q/a b+" + std::to_string(i), "value-" + std::to_string(i));
  }
  EXPECT_EQ(s3.get_object("larkbase-spill", "q/a b+3"), "value-3");
  EXPECT_EQ(s3.get_object_range("larkbase-spill", "q/a b+3", 2, 3), "lue");
  EXPECT_EQ(s3.list_objects("larkbase-spill", "q/").size(), 5u);
  s3.delete_object("larkbase-spill", "q/a b+3");
  try {
    s3.get_object("larkbase-spill", "q/a b+3");
    FAIL() << "expected NoSuchKey";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code(), "NoSuchKey");
  }
  {
    S3Upload upload(s3, "larkbase-spill", "big", {}, 1000);
    for (int i = 0; i < 25; ++i) upload.write(std::string(100, char('a' + i)));
    upload.finish();
  }
  std::string big = s3.get_object("larkbase-spill", "big");
  ASSERT_EQ(big.size(), 2500u);
  EXPECT_EQ(big[2499], 'y');
}

TEST(AwsEmulatorTest, ThrottlingIsRetriedAndPermanentFaultsFailClearly) {
  AwsEmulatorProcess flaky({"--demo", "--throttle-rate", "0.3", "--fault-seed", "7"});
  GlueClient glue(flaky.config());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(glue.get_database("sales").name, "sales");
  EXPECT_GT(glue.transport().stats().snapshot().retries, 0u);

  AwsEmulatorProcess broken({"--demo", "--error-rate", "1"});
  AwsConfig config = broken.config();
  config.retry.max_attempts = 3;
  SecretsManagerClient secrets(config);
  try {
    secrets.get_secret_value("larkbase/lark-app");
    FAIL() << "expected a failure";
  } catch (const AwsError& error) {
    EXPECT_TRUE(error.retryable());
    EXPECT_EQ(error.code(), "InternalFailure");
    std::string text = error.what();
    EXPECT_EQ(text.find("emulator-secret-key"), std::string::npos);
    EXPECT_EQ(text.find("emulator-secret\""), std::string::npos);
    EXPECT_NE(text.find("3 attempts"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace larkbase::aws
