// A stalled AWS service: each attempt's timeout is cut to what is left of the
// retry budget, so a call ends within its budget (not after the request
// timeout) with an error naming the service and the operation; a client whose
// budget leaves room for retries gets past slow answers. The emulator injects
// the stalls (--latency-ms on every answer, --slow-rate/--slow-ms on some).
#include <gtest/gtest.h>

#include <chrono>

#include "aws/s3_client.hpp"
#include "aws/secrets_manager_client.hpp"
#include "aws_emulator_process.hpp"
#include "common/error.hpp"

namespace larkbase::aws {
namespace {

using std::chrono::milliseconds;
using testing::AwsEmulatorProcess;

TEST(AwsTimeoutTest, AStalledServiceFailsWithinTheRetryBudget) {
  AwsEmulatorProcess emulator({"--demo", "--latency-ms", "60000"});
  AwsConfig config = emulator.config();
  config.request_timeout = milliseconds(20000);  // alone, it would hold the call 20 s
  config.retry.total_budget = milliseconds(1000);
  SecretsManagerClient secrets(config);
  auto started = std::chrono::steady_clock::now();
  try {
    secrets.get_secret_value("larkbase/lark-app");
    FAIL() << "a stalled service cannot answer";
  } catch (const common::ExternalError& error) {
    auto took = std::chrono::steady_clock::now() - started;
    std::string message = error.what();
    EXPECT_NE(message.find("AWS Secrets Manager GetSecretValue failed"), std::string::npos)
        << message;
    EXPECT_NE(message.find("1000 ms retry budget"), std::string::npos) << message;
    EXPECT_TRUE(error.retryable());
    // Far below the 20 s request timeout: the attempt was cut to the budget.
    EXPECT_LT(took, milliseconds(8000)) << message;
  }
}

TEST(AwsTimeoutTest, SlowAnswersAreRetriedWhenTheBudgetLeavesRoom) {
  // Half the answers stall for 30 s; the fault seed makes the draws repeatable.
  AwsEmulatorProcess emulator({"--demo", "--slow-rate", "0.5", "--slow-ms", "30000", "--fault-seed",
                               "11", "--threads", "32"});
  AwsConfig config = emulator.config();
  config.request_timeout = milliseconds(300);
  config.retry.max_attempts = 12;
  config.retry.total_budget = milliseconds(20000);
  auto transport = std::make_shared<AwsTransport>(config);
  SecretsManagerClient secrets(transport);
  S3Client s3(transport);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(secrets.get_secret_json("larkbase/lark-app").at("lark_app_id"), "cli_emulator");
    s3.put_object("larkbase-spill", "slow/" + std::to_string(i), std::string("0123456789"));
  }
  EXPECT_EQ(s3.list_objects("larkbase-spill", "slow/").size(), 6u);
  // Some attempts did time out and were retried (with this seed, several).
  EXPECT_GE(transport->stats().snapshot().retries, 2u);
}

}  // namespace
}  // namespace larkbase::aws
