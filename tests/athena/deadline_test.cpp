// The Lambda deadline bounds the waits a ReadRecords does outside Lark's
// retries too: an S3 spill upload to a stalled S3 and a client rate-limit wait
// for a slow Lark rate limit. Each invocation fails retryably, naming the table,
// the object or the limit, and "Lambda deadline", in about the deadline (2 s)
// instead of after its retry budget (60 s) or the rate limit's wait (50 s). The
// Secrets Manager read of the Lark credentials stops at the deadline the same way.
// An S3 spill upload the deadline cuts short is a common::DeadlineError by type.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "athena/federation_handler.hpp"
#include "athena/s3_spill_store.hpp"
#include "athena_requests.hpp"
#include "aws_emulator_process.hpp"
#include "common/deadline.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"

namespace larkbase::athena {
namespace {

using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::AwsEmulatorProcess;
using testing::EmulatorProcess;

constexpr auto kDeadline = seconds(2);
// Far below the budgets: a failure this late waited them out.
constexpr auto kUpperBound = seconds(30);

AthenaConfig lark_only(const EmulatorProcess& lark) {
  AthenaConfig config;
  config.connector = testing::emulator_connector_config(lark, true);
  config.connector.lark.retry.total_budget = seconds(60);
  return config;
}

// Invokes `request` with the deadline kDeadline from now; checks that it failed
// retryably in time, naming the table, the Lambda deadline and `cause`.
void expect_deadline_failure(FederationHandler& handler, const std::string& request,
                             const std::string& cause) {
  const auto started = steady_clock::now();
  const InvocationResult result = handler.invoke(request, started + kDeadline);
  const auto took = steady_clock::now() - started;
  ASSERT_FALSE(result.ok) << result.body.substr(0, 300);
  const LambdaError error = parse_lambda_error(result.body);
  EXPECT_EQ(error.error_type, "ExternalServiceException") << error.error_message;
  EXPECT_NE(error.error_message.find("Lambda deadline"), std::string::npos) << error.error_message;
  EXPECT_NE(error.error_message.find("sales.orders"), std::string::npos) << error.error_message;
  EXPECT_NE(error.error_message.find(cause), std::string::npos) << error.error_message;
  EXPECT_LT(took, kUpperBound) << "the invocation waited out its budget";
}

TEST(AthenaDeadline, StalledSpillUploadStopsAtTheDeadline) {
  EmulatorProcess lark({"--demo", "--rows", "150"});
  // Every AWS request is answered only after two minutes.
  AwsEmulatorProcess aws({"--demo", "--slow-rate", "1", "--slow-ms", "120000"});
  AthenaConfig config = lark_only(lark);
  aws::AwsConfig aws_config = aws.config();
  aws_config.retry.total_budget = seconds(60);
  aws_config.request_timeout = seconds(30);
  config.aws = aws_config;
  config.spill.bucket = aws.handshake().at("spill_bucket").get<std::string>();
  config.spill.prefix = "deadline";
  FederationHandler handler(config, nullptr, std::make_shared<S3SpillStore>(aws_config));
  testing::AthenaQuery query("q-deadline");
  const std::string request = query.first_read(handler) + testing::block_sizes("20000", "1000");
  expect_deadline_failure(handler, request, "s3://" + config.spill.bucket + "/deadline/");
}

// The store itself: an upload to an S3 that answers in 5 s, with 1 s left, fails
// as a DeadlineError (its type, not a guess from the clock) naming the object.
TEST(AthenaDeadline, SpillUploadCutByTheDeadlineIsADeadlineError) {
  AwsEmulatorProcess aws({"--demo", "--latency-ms", "5000"});
  aws::AwsConfig aws_config = aws.config();
  aws_config.retry.total_budget = seconds(60);
  aws_config.request_timeout = seconds(30);
  S3SpillStore store(aws_config);
  const auto started = steady_clock::now();
  store.set_deadline(started + seconds(1));
  const std::string bucket = aws.handshake().at("spill_bucket").get<std::string>();
  try {
    store.put(bucket, "deadline/block-0", std::string(4096, 'x'));
    ADD_FAILURE() << "the upload finished past its deadline";
  } catch (const common::DeadlineError& error) {
    EXPECT_NE(std::string(error.what()).find("s3://" + bucket + "/deadline/block-0"),
              std::string::npos)
        << error.what();
    EXPECT_TRUE(error.retryable());
  }
  EXPECT_LT(steady_clock::now() - started, std::chrono::milliseconds(4500))
      << "the upload waited for S3's answer past the deadline";
}

// The Lark credentials' Secrets Manager read is bounded by the deadline too.
TEST(AthenaDeadline, StalledSecretsManagerStopsAtTheDeadline) {
  EmulatorProcess lark({"--demo", "--rows", "10"});
  AwsEmulatorProcess aws({"--demo", "--lark-app-id", lark.app_id(), "--lark-app-secret",
                          lark.app_secret(), "--slow-rate", "1", "--slow-ms", "120000"});
  AthenaConfig config = lark_only(lark);
  config.connector.lark.app_id.clear();
  config.connector.lark.app_secret.clear();
  config.lark_secret_name = "larkbase/lark-app";
  aws::AwsConfig aws_config = aws.config();
  aws_config.retry.total_budget = seconds(60);
  aws_config.request_timeout = seconds(30);
  config.aws = aws_config;
  FederationHandler handler(config);
  const auto started = steady_clock::now();
  const InvocationResult result = handler.invoke(
      testing::AthenaQuery("q-secret").prefix("ListSchemasRequest") + "}", started + kDeadline);
  EXPECT_LT(steady_clock::now() - started, kUpperBound) << "the invocation waited out its budget";
  ASSERT_FALSE(result.ok) << result.body.substr(0, 300);
  const LambdaError error = parse_lambda_error(result.body);
  EXPECT_EQ(error.error_type, "ExternalServiceException") << error.error_message;
  EXPECT_NE(error.error_message.find("larkbase/lark-app"), std::string::npos)
      << error.error_message;
  EXPECT_EQ(result.body.find(lark.app_secret()), std::string::npos);
}

TEST(AthenaDeadline, RateLimitWaitPastTheDeadlineFailsAtOnce) {
  EmulatorProcess lark({"--demo", "--rows", "1200"});
  testing::AthenaQuery query("q-rate");
  std::string request;
  {
    FederationHandler planner(lark_only(lark));
    request = query.first_read(planner) + testing::block_sizes("100000000", "100000000");
  }
  // One search call every 50 s: the first page is admitted, the next would wait.
  AthenaConfig config = lark_only(lark);
  config.connector.lark.search_rate_limit = 0.02;
  config.connector.lark.rate_burst = 1;
  FederationHandler handler(config);
  expect_deadline_failure(handler, request, "rate limit");
}

}  // namespace
}  // namespace larkbase::athena
