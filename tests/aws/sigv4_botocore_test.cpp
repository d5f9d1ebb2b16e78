// An independent check of our SigV4 signatures (libcurl's CURLOPT_AWS_SIGV4):
// our clients call the emulator, which records every request exactly as
// received (--record-requests); botocore's own signer (Debian python3-botocore)
// then signs each recorded request again with the same credentials, scope and
// timestamp, and the Authorization headers must be identical
// (sigv4_botocore_check.py). Neither the emulator nor s3rver verifies
// signatures, so this is what proves AWS would accept them.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "aws/athena_client.hpp"
#include "aws/glue_client.hpp"
#include "aws/s3_client.hpp"
#include "aws/secrets_manager_client.hpp"
#include "aws/sts_client.hpp"
#include "aws_emulator_process.hpp"
#include "common/base64.hpp"
#include "common/json.hpp"
#include "shell_command.hpp"

namespace larkbase::aws {
namespace {

using testing::AwsEmulatorProcess;

using CheckResult = larkbase::testing::ShellResult;

CheckResult run_check(const std::filesystem::path& record, const AwsCredentials& credentials) {
  std::string command = std::string(LARKBASE_PYTHON3) + " " + LARKBASE_SIGV4_CHECK_PY + " '" +
                        record.string() + "' '" + credentials.access_key_id + "' '" +
                        credentials.secret_access_key + "'";
  if (!credentials.session_token.empty()) command += " '" + credentials.session_token + "'";
  command += " 2>&1";
  return larkbase::testing::run_shell(command);
}

std::filesystem::path temp_file(const std::string& name) {
  auto path =
      std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  return path;
}

// Every call the project makes, through one emulator that records them.
void make_every_call(const AwsEmulatorProcess& emulator, const AwsCredentials& credentials) {
  AwsConfig config = emulator.config();
  config.credentials = credentials;
  S3Client s3(config);
  s3.set_list_page_size(1);
  const std::string key = "signing/a b+c=d~e\xc3\xbc.bin";  // spaces, reserved and non-ASCII
  s3.put_object("larkbase-spill", key, std::string("signed payload \x01\x02", 17));
  s3.put_object("larkbase-spill", "signing/empty", std::string());
  EXPECT_EQ(s3.get_object("larkbase-spill", key).size(), 17u);
  EXPECT_EQ(s3.get_object_range("larkbase-spill", key, 2, 4), "gned");
  EXPECT_EQ(s3.list_objects("larkbase-spill", "signing/").size(), 2u);  // paged: query strings
  s3.head_bucket("larkbase-spill");
  s3.delete_object("larkbase-spill", key);
  GlueClient glue(config);
  EXPECT_FALSE(glue.get_databases().empty());
  glue.create_database({"signing_db", "d\xc3\xa9j\xc3\xa0 vu", "lark-base-flag/x", {}, ""});
  GlueTable table;
  table.name = "t1";
  table.parameters = {{"classification", "lark-base-flag"}};
  glue.create_table("signing_db", table);
  EXPECT_EQ(glue.get_tables("signing_db").size(), 1u);
  EXPECT_EQ(glue.get_table("signing_db", "t1").name, "t1");
  EXPECT_EQ(SecretsManagerClient(config).get_secret_json("larkbase/lark-app").at("lark_app_id"),
            "cli_emulator");
  EXPECT_FALSE(StsClient(config).get_caller_identity().account.empty());
  EXPECT_EQ(AthenaClient(config).get_query_execution("q-1").query, "SELECT 1");
}

void expect_checked(const std::string& out, const char* line) {
  EXPECT_NE(out.find(line), std::string::npos) << line << " not checked:\n" << out;
}

TEST(SigV4BotocoreTest, BotocoreComputesTheSameAuthorizationForEveryCall) {
  auto record = temp_file("sigv4_session");
  {
    AwsEmulatorProcess emulator(
        {"--demo", "--query-execution", "q-1=SELECT 1", "--record-requests", record.string()});
    // Temporary credentials, as Lambda hands them over: the token is signed too.
    make_every_call(emulator, {"ASIASIGCHECK", "sig/Check+Secret0123456789abcdefGHIJ",
                               "SigCheckSessionToken/+=abc", "test"});
  }
  auto result = run_check(record, {"ASIASIGCHECK", "sig/Check+Secret0123456789abcdefGHIJ",
                                   "SigCheckSessionToken/+=abc", "test"});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_EQ(result.out.find("MISMATCH"), std::string::npos) << result.out;
  expect_checked(result.out, "OK s3 REST PUT /larkbase-spill/signing/a%20b%2Bc%3Dd~e%C3%BC");
  expect_checked(result.out, "OK s3 REST GET /larkbase-spill/signing/a%20b");
  expect_checked(result.out, "OK s3 REST GET /larkbase-spill?continuation-token=");
  expect_checked(result.out, "OK s3 REST HEAD /larkbase-spill");
  expect_checked(result.out, "OK s3 REST DELETE /larkbase-spill/signing/");
  for (const char* call :
       {"OK glue GetDatabases POST /", "OK glue CreateDatabase POST /",
        "OK glue CreateTable POST /", "OK glue GetTables POST /", "OK glue GetTable POST /",
        "OK secretsmanager GetSecretValue POST /", "OK sts GetCallerIdentity POST /",
        "OK athena GetQueryExecution POST /"}) {
    expect_checked(result.out, call);
  }

  // The check can fail: a body changed after signing, or another secret key.
  auto tampered = temp_file("sigv4_tampered");
  {
    std::ifstream in(record);
    std::ofstream out(tampered);
    std::string line;
    bool changed = false;
    while (std::getline(in, line)) {
      auto request = common::Json::parse(line);
      if (!changed && request.at("method") == "POST") {
        std::string body = common::base64_decode(request.at("body_base64").get<std::string>());
        body.back() = body.back() == ' ' ? '\n' : ' ';
        request["body_base64"] = common::base64_encode(body);
        changed = true;
      }
      out << request.dump() << '\n';
    }
    ASSERT_TRUE(changed);
  }
  auto bad_body = run_check(tampered, {"ASIASIGCHECK", "sig/Check+Secret0123456789abcdefGHIJ",
                                       "SigCheckSessionToken/+=abc", "test"});
  EXPECT_EQ(bad_body.exit_code, 1) << bad_body.out;
  EXPECT_NE(bad_body.out.find(", 1 mismatches"), std::string::npos) << bad_body.out;
  auto bad_key = run_check(record, {"ASIASIGCHECK", "another-secret-key-0123456789",
                                    "SigCheckSessionToken/+=abc", "test"});
  EXPECT_EQ(bad_key.exit_code, 1) << bad_key.out;
  EXPECT_EQ(bad_key.out.find("OK "), std::string::npos) << bad_key.out;
  std::filesystem::remove(record);
  std::filesystem::remove(tampered);
}

TEST(SigV4BotocoreTest, LongTermKeysWithoutASessionToken) {
  auto record = temp_file("sigv4_long_term");
  {
    AwsEmulatorProcess emulator(
        {"--demo", "--query-execution", "q-1=SELECT 1", "--record-requests", record.string()});
    make_every_call(emulator,
                    {"AKIASIGCHECK", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "", "test"});
  }
  auto result =
      run_check(record, {"AKIASIGCHECK", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "", "test"});
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("OK sts GetCallerIdentity"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("x-amz-security-token"), std::string::npos) << result.out;
  std::filesystem::remove(record);
}

}  // namespace
}  // namespace larkbase::aws
