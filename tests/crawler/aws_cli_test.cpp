// `larkbase aws ...` as a user runs it, against the local AWS emulator on a
// free port: whoami (STS), Glue databases / tables / one table, S3 listing
// under a prefix, and a secret's keys — whose values never appear in the
// output or in an error. Bad arguments exit 2 with a message naming them.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>

#include "aws/glue_client.hpp"
#include "aws/s3_client.hpp"
#include "aws_emulator_process.hpp"
#include "common/json.hpp"
#include "emulator_process.hpp"
#include "shell_command.hpp"

namespace larkbase::cli {
namespace {

using common::Json;
using larkbase::testing::AwsEmulatorProcess;

constexpr const char* kSecretValue = "hunter2-very-secret-value";

using CliResult = larkbase::testing::ShellResult;  // stdout and stderr

class AwsCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    emu_ = new AwsEmulatorProcess(
        {"--demo", "--secret",
         std::string(R"(app/creds={"user":"svc-user","password":")") + kSecretValue + "\"}",
         "--secret", std::string("plain=") + kSecretValue});
    auto config = emu_->config();
    aws::S3Client s3(config);
    for (const char* key : {"spill/a/1.bin", "spill/a/2.bin", "spill/b/3.bin", "other.txt"}) {
      s3.put_object("larkbase-spill", key, std::string("0123456789"));
    }
    aws::GlueClient glue(config);
    aws::GlueTable table;
    table.name = "orders";
    table.table_type = "LARK_BASE_TABLE";
    table.parameters = {{"classification", "lark-base-flag"}, {"larkTableId", "tblOrders"}};
    table.storage_descriptor = aws::GlueStorageDescriptor{};
    table.storage_descriptor->columns = {
        {"item",
         "string",
         "LarkBaseId=bascnS/LarkBaseTableId=tblOrders/LarkBaseFieldId=fldItem/"
         "LarkBaseFieldName=Item name/LarkBaseFieldType=Text",
         {}},
        {"qty", "double", "", {}}};
    glue.create_table("sales", table);
  }
  static void TearDownTestSuite() {
    delete emu_;
    emu_ = nullptr;
  }

  static CliResult aws(const std::string& args) {
    std::string command = "AWS_ENDPOINT_URL=" + emu_->url() +
                          " AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=AKIDCLI "
                          "AWS_SECRET_ACCESS_KEY=cli-secret-key " +
                          larkbase::testing::larkbase_binary() + " aws " + args + " 2>&1";
    return larkbase::testing::run_shell(command);
  }

  static Json json(const std::string& args) {
    auto result = aws(args);
    EXPECT_EQ(result.exit_code, 0) << args << ": " << result.out;
    return Json::parse(result.out);
  }

  static AwsEmulatorProcess* emu_;
};

AwsEmulatorProcess* AwsCliTest::emu_ = nullptr;

TEST_F(AwsCliTest, WhoamiNamesTheAccountAndWhereTheCredentialsCameFrom) {
  auto identity = json("whoami");
  EXPECT_EQ(identity["account"], emu_->handshake()["account_id"]);
  EXPECT_EQ(identity["credentials"], "environment");
  EXPECT_NE(identity["arn"].get<std::string>().find("arn:aws:"), std::string::npos);
  auto table = aws("whoami --output table");
  EXPECT_NE(table.out.find(emu_->handshake()["account_id"].get<std::string>()), std::string::npos);
  EXPECT_EQ(table.out.find("cli-secret-key"), std::string::npos);
}

TEST_F(AwsCliTest, GlueDatabasesTablesAndOneTable) {
  auto databases = json("glue databases");
  ASSERT_EQ(databases["databases"].size(), 1u);
  EXPECT_EQ(databases["databases"][0]["Name"], "sales");
  auto listing = aws("glue databases --output table");
  EXPECT_NE(listing.out.find("LarkDrive"), std::string::npos) << listing.out;

  auto tables = json("glue tables --database sales");
  ASSERT_EQ(tables["tables"].size(), 1u);
  EXPECT_EQ(tables["tables"][0]["Parameters"]["larkTableId"], "tblOrders");
  EXPECT_NE(aws("glue tables --database sales --output table").out.find("tblOrders"),
            std::string::npos);

  auto one = json("glue table sales.orders");
  EXPECT_EQ(one["table"]["StorageDescriptor"]["Columns"].size(), 2u);
  auto text = aws("glue table sales.orders --output table").out;
  EXPECT_NE(text.find("fldItem"), std::string::npos) << text;  // the mapping, decoded
  EXPECT_NE(text.find("Item name"), std::string::npos);
  EXPECT_NE(text.find("classification"), std::string::npos);

  auto missing = aws("glue table sales.nope");
  EXPECT_EQ(missing.exit_code, 2) << missing.out;
  EXPECT_NE(missing.out.find("Glue table sales.nope"), std::string::npos) << missing.out;
  auto bad = aws("glue table nodot");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("DATABASE.TABLE"), std::string::npos);
  EXPECT_EQ(aws("glue tables").exit_code, 2);  // --database is required
}

TEST_F(AwsCliTest, S3ListsOnlyUnderThePrefix) {
  auto listing = json("s3 ls s3://larkbase-spill/spill/a/");
  std::vector<std::string> keys;
  for (const auto& object : listing["objects"]) {
    keys.push_back(object["key"]);
    EXPECT_EQ(object["size"], 10);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"spill/a/1.bin", "spill/a/2.bin"}));
  EXPECT_EQ(json("s3 ls s3://larkbase-spill")["objects"].size(), 4u);
  auto bad = aws("s3 ls larkbase-spill/x");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("s3://BUCKET"), std::string::npos);
  auto missing = aws("s3 ls s3://no-such-bucket/p");
  EXPECT_EQ(missing.exit_code, 2) << missing.out;
  EXPECT_NE(missing.out.find("s3://no-such-bucket/p"), std::string::npos);
}

TEST_F(AwsCliTest, SecretShowsItsKeysNeverItsValues) {
  auto keys = json("secret app/creds");
  EXPECT_EQ(keys["keys"], Json::array({"password", "user"}));
  EXPECT_EQ(keys["kind"], "JSON object");
  auto demo = json("secret larkbase/lark-app");
  EXPECT_EQ(demo["keys"], Json::array({"lark_app_id", "lark_app_secret"}));
  for (const char* args : {"secret app/creds", "secret app/creds --output table", "secret plain",
                           "secret plain --output table", "--stats secret plain",
                           "secret larkbase/lark-app --output table"}) {
    auto result = aws(args);
    EXPECT_EQ(result.exit_code, 0) << args;
    EXPECT_EQ(result.out.find(kSecretValue), std::string::npos) << args << ": " << result.out;
    EXPECT_EQ(result.out.find("svc-user"), std::string::npos) << args;
    EXPECT_EQ(result.out.find("emulator-secret"), std::string::npos) << args;
  }
  EXPECT_EQ(json("secret plain")["kind"], "string (not a JSON object)");
  auto missing = aws("secret nope");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("secret nope"), std::string::npos) << missing.out;
}

}  // namespace
}  // namespace larkbase::cli
