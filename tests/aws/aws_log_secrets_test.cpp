// Secrets never reach a log line or an error message on the AWS transport, at
// the most verbose level (trace): the secret access key, the session token,
// the Signature= of every Authorization header sent, and a secret string
// Secrets Manager returned. Real calls go to the emulator (child process, free
// port) for S3, Glue, Secrets Manager, STS and Athena; the failing paths are a
// 5xx that exhausts the retries and a server that answers AccessDenied /
// SignatureDoesNotMatch quoting the request's Authorization header and token.
// The CLI is run the same way with --log-level trace.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "aws/athena_client.hpp"
#include "aws/glue_client.hpp"
#include "aws/s3_client.hpp"
#include "aws/secrets_manager_client.hpp"
#include "aws/sts_client.hpp"
#include "aws_emulator_process.hpp"
#include "common/json.hpp"

namespace larkbase::aws {
namespace {

using testing::AwsEmulatorProcess;

constexpr const char* kSecretKey = "LogTestSecretKey/abc+0123456789XYZ";
constexpr const char* kSessionToken = "LogTestSessionToken//FwoGZXIvYXdzEJr==";
constexpr const char* kSecretValue = "S3cr3t-Value-Never-Logged-42";
constexpr const char* kSecretName = "larkbase/log-test";

AwsConfig with_test_credentials(AwsConfig config) {
  config.credentials = {"AKIDLOGTEST", kSecretKey, kSessionToken, "test"};
  return config;
}

// Replaces spdlog's default logger by one at trace level that writes into a
// string, for the lifetime of the object.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

std::string signature_of(const std::string& authorization) {
  auto at = authorization.find("Signature=");
  return at == std::string::npos ? std::string() : authorization.substr(at + 10);
}

// The signatures of the requests the emulator recorded (--record-requests).
std::set<std::string> recorded_signatures(const std::string& file) {
  std::set<std::string> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    auto request = common::Json::parse(line);
    for (const auto& header : request.at("headers")) {
      if (header[0].get<std::string>() == "Authorization") {
        out.insert(signature_of(header[1].get<std::string>()));
      }
    }
  }
  return out;
}

// A server that refuses every request and quotes it back, the way a proxy or
// S3's SignatureDoesNotMatch (<SignatureProvided>) can.
class EchoingDenier {
 public:
  EchoingDenier() {
    server_.Post(".*", [this](const auto& req, auto& res) { answer(req, res); });
    server_.Get(".*", [this](const auto& req, auto& res) { answer(req, res); });
    server_.Put(".*", [this](const auto& req, auto& res) { answer(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~EchoingDenier() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::set<std::string> signatures() const {
    std::lock_guard lock(mutex_);
    return signatures_;
  }
  int requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void answer(const httplib::Request& req, httplib::Response& res) {
    std::string authorization = req.get_header_value("Authorization");
    std::string token = req.get_header_value("X-Amz-Security-Token");
    {
      std::lock_guard lock(mutex_);
      signatures_.insert(signature_of(authorization));
      ++requests_;
    }
    std::string quoted = "Authorization: " + authorization + " X-Amz-Security-Token: " + token;
    res.set_header("x-amzn-RequestId", "echo-request-1");
    if (req.has_header("X-Amz-Target")) {
      res.status = 400;
      res.set_content(common::Json{{"__type", "AccessDeniedException"},
                                   {"message", "User is not authorized; " + quoted}}
                          .dump(),
                      "application/x-amz-json-1.1");
    } else if (req.body.find("Action=") != std::string::npos) {
      res.status = 403;
      res.set_content(
          "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>" + quoted +
              "</Message></Error><RequestId>echo</RequestId></ErrorResponse>",
          "text/xml");
    } else {
      res.status = 403;
      res.set_content(
          "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated "
          "does not match the signature you provided. " +
              quoted + "</Message><SignatureProvided>" + signature_of(authorization) +
              "</SignatureProvided><RequestId>echo</RequestId></Error>",
          "application/xml");
    }
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::set<std::string> signatures_;
  int requests_ = 0;
};

// Runs `call` and returns its error message (a call that must fail).
template <typename F>
std::string failure_of(F&& call) {
  try {
    call();
  } catch (const std::exception& error) {
    return error.what();
  }
  ADD_FAILURE() << "the call was expected to fail";
  return "";
}

// `larkbase --log-level trace aws <args>` with `env`; stdout and stderr.
std::string run_cli(const std::string& env, const std::string& args) {
  std::string command =
      env + " " + testing::larkbase_binary() + " --log-level trace aws " + args + " 2>&1";
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

void expect_no_secret(const std::string& text, const std::set<std::string>& secrets,
                      const char* where) {
  for (const auto& secret : secrets) {
    ASSERT_GE(secret.size(), 16u) << "not a plausible secret: '" << secret << "'";
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " leaked into " << where;
  }
}

TEST(AwsLogSecretsTest, NothingSecretReachesTheTraceLogOrAnErrorMessage) {
  auto record = std::filesystem::temp_directory_path() /
                ("aws_log_secrets_" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(record);
  std::string secret_json =
      std::string(R"({"lark_app_id":"cli_log","lark_app_secret":")") + kSecretValue + "\"}";
  AwsEmulatorProcess emulator({"--demo", "--secret", std::string(kSecretName) + "=" + secret_json,
                               "--query-execution", "q-1=SELECT 1", "--record-requests",
                               record.string()});
  AwsEmulatorProcess failing({"--demo", "--error-rate", "1"});
  EchoingDenier denier;

  std::string messages;
  std::string log;
  {
    LogCapture capture;
    AwsConfig config = with_test_credentials(emulator.config());
    S3Client s3(config);
    s3.put_object("larkbase-spill", "logs/a b.bin", std::string("payload-0123456789"));
    EXPECT_EQ(s3.get_object("larkbase-spill", "logs/a b.bin"), "payload-0123456789");
    EXPECT_EQ(s3.get_object_range("larkbase-spill", "logs/a b.bin", 0, 7), "payload");
    EXPECT_EQ(s3.list_objects("larkbase-spill", "logs/").size(), 1u);
    s3.head_bucket("larkbase-spill");
    s3.delete_object("larkbase-spill", "logs/a b.bin");
    GlueClient glue(config);
    EXPECT_FALSE(glue.get_databases().empty());
    messages += failure_of([&] { glue.get_table("sales", "no_such_table"); }) + "\n";
    SecretsManagerClient secrets(config);
    EXPECT_EQ(secrets.get_secret_json(kSecretName).at("lark_app_secret"), kSecretValue);
    messages += failure_of([&] { secrets.get_secret_value("no/such/secret"); }) + "\n";
    EXPECT_FALSE(StsClient(config).get_caller_identity().account.empty());
    EXPECT_EQ(AthenaClient(config).get_query_execution("q-1").query, "SELECT 1");

    // 5xx on every attempt: retried, then thrown with the attempts named.
    AwsConfig failing_config = with_test_credentials(failing.config());
    failing_config.retry.max_attempts = 3;
    messages += failure_of([&] { S3Client(failing_config).get_object("larkbase-spill", "x"); });
    messages += failure_of([&] { SecretsManagerClient(failing_config).get_secret_value("x"); });
    messages += failure_of([&] { StsClient(failing_config).get_caller_identity(); }) + "\n";

    // Denied, with the request quoted back in the error.
    AwsConfig denied_config = with_test_credentials(emulator.config());
    denied_config.endpoint_url = denier.url();
    messages += failure_of([&] { S3Client(denied_config).put_object("b", "k", "body"); }) + "\n";
    messages += failure_of([&] { GlueClient(denied_config).get_databases(); }) + "\n";
    messages +=
        failure_of([&] { SecretsManagerClient(denied_config).get_secret_value(kSecretName); });
    messages += failure_of([&] { StsClient(denied_config).get_caller_identity(); }) + "\n";
    log = capture.text();
  }

  // The capture saw the calls, the retries and the failures (so it could have
  // seen a leak).
  for (const char* line : {"aws S3 PutObject", "aws S3 GetObject", "aws Glue GetDatabases",
                           "aws Secrets Manager GetSecretValue", "aws STS GetCallerIdentity",
                           "aws Athena GetQueryExecution", "HTTP 500", "retrying in", "HTTP 403"}) {
    EXPECT_NE(log.find(line), std::string::npos) << line << " missing from the log:\n" << log;
  }
  for (const char* part :
       {"EntityNotFoundException", "ResourceNotFoundException", "InternalError", "InternalFailure",
        "SignatureDoesNotMatch", "AccessDeniedException", "AccessDenied", "<redacted>"}) {
    EXPECT_NE(messages.find(part), std::string::npos) << part << " missing from:\n" << messages;
  }

  std::set<std::string> secrets = {kSecretKey, kSessionToken, kSecretValue};
  auto sent = recorded_signatures(record.string());
  ASSERT_GE(sent.size(), 10u);  // every emulator request was signed (and recorded)
  secrets.insert(sent.begin(), sent.end());
  auto denied = denier.signatures();
  ASSERT_EQ(denier.requests(), 4);
  ASSERT_FALSE(denied.empty());
  secrets.insert(denied.begin(), denied.end());
  expect_no_secret(log, secrets, "the log");
  expect_no_secret(messages, secrets, "an error message");

  // The CLI at --log-level trace: the log, the output and the errors.
  std::string env = "AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=AKIDLOGTEST AWS_SECRET_ACCESS_KEY='" +
                    std::string(kSecretKey) + "' AWS_SESSION_TOKEN='" + kSessionToken + "'";
  std::string cli;
  for (const std::string& args :
       {"secret " + std::string(kSecretName), std::string("whoami"), std::string("glue databases"),
        std::string("s3 ls s3://larkbase-spill/")}) {
    cli += run_cli(env + " AWS_ENDPOINT_URL=" + emulator.url(), args);
    cli += run_cli(env + " AWS_ENDPOINT_URL=" + denier.url(), args);
  }
  EXPECT_NE(cli.find("aws Secrets Manager GetSecretValue"), std::string::npos) << cli;
  EXPECT_NE(cli.find("lark_app_secret"), std::string::npos) << cli;  // the key, not the value
  EXPECT_NE(cli.find("SignatureDoesNotMatch"), std::string::npos) << cli;
  auto cli_denied = denier.signatures();
  // Identical requests in the same second share a signature, so count requests.
  ASSERT_EQ(denier.requests(), 8);
  secrets.insert(cli_denied.begin(), cli_denied.end());
  auto cli_sent = recorded_signatures(record.string());
  ASSERT_GT(cli_sent.size(), sent.size());
  secrets.insert(cli_sent.begin(), cli_sent.end());
  expect_no_secret(cli, secrets, "the CLI's output");
  std::filesystem::remove(record);
}

}  // namespace
}  // namespace larkbase::aws
