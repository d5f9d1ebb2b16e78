#include "common/retry.hpp"

#include <gtest/gtest.h>

#include "common/attempt_timeout.hpp"
#include "common/deadline.hpp"
#include "common/error.hpp"
#include "fake_time.hpp"

namespace larkbase {
namespace {

using common::Millis;
using common::RetryPolicy;
using common::RetrySchedule;

RetryPolicy policy(int attempts, int base_ms, int max_ms, int budget_ms) {
  RetryPolicy p;
  p.max_attempts = attempts;
  p.base_delay = Millis(base_ms);
  p.max_delay = Millis(max_ms);
  p.total_budget = Millis(budget_ms);
  return p;
}

TEST(RetryScheduleTest, BackoffWindowDoublesUpToTheCap) {
  auto p = policy(10, 100, 1000, 60000);
  EXPECT_EQ(RetrySchedule::backoff_cap(p, 1), Millis(100));
  EXPECT_EQ(RetrySchedule::backoff_cap(p, 2), Millis(200));
  EXPECT_EQ(RetrySchedule::backoff_cap(p, 3), Millis(400));
  EXPECT_EQ(RetrySchedule::backoff_cap(p, 4), Millis(800));
  EXPECT_EQ(RetrySchedule::backoff_cap(p, 5), Millis(1000));
  EXPECT_EQ(RetrySchedule::backoff_cap(p, 60), Millis(1000));
}

TEST(RetryScheduleTest, FullJitterScalesTheWindowByTheRandomDraw) {
  testing::FakeTime time;
  RetrySchedule schedule(policy(10, 100, 1000, 60000), time.retry_env(0.25));
  EXPECT_EQ(schedule.next_delay(), Millis(25));   // 0.25 * 100
  EXPECT_EQ(schedule.next_delay(), Millis(50));   // 0.25 * 200
  EXPECT_EQ(schedule.next_delay(), Millis(100));  // 0.25 * 400
}

TEST(RetryScheduleTest, JitterStaysWithinTheWindowForExtremeDraws) {
  testing::FakeTime time;
  for (double draw : {0.0, 0.999999}) {
    RetrySchedule schedule(policy(8, 100, 1000, 600000), time.retry_env(draw));
    for (int retry = 1; retry < 8; ++retry) {
      auto delay = schedule.next_delay();
      ASSERT_TRUE(delay);
      EXPECT_GE(delay->count(), 0);
      EXPECT_LT(*delay,
                RetrySchedule::backoff_cap(policy(8, 100, 1000, 600000), retry) + Millis(1));
    }
  }
}

TEST(RetryScheduleTest, RealRandomDrawsStayInsideTheWindow) {
  auto env = common::RetryEnv::real();
  for (int i = 0; i < 1000; ++i) {
    double draw = env.random();
    ASSERT_GE(draw, 0.0);
    ASSERT_LT(draw, 1.0);
  }
}

TEST(RetryScheduleTest, StopsAfterMaxAttempts) {
  testing::FakeTime time;
  RetrySchedule schedule(policy(3, 10, 100, 60000), time.retry_env());
  EXPECT_TRUE(schedule.next_delay());
  EXPECT_TRUE(schedule.next_delay());
  EXPECT_FALSE(schedule.next_delay());
  EXPECT_EQ(schedule.attempts(), 3);
  EXPECT_NE(schedule.exhausted_reason().find("3 attempts"), std::string::npos);
  EXPECT_NE(schedule.exhausted_reason().find("(the attempt limit)"), std::string::npos);
  // Not the time budget: the user must know which setting to raise.
  EXPECT_EQ(schedule.exhausted_reason().find("budget"), std::string::npos);
}

TEST(RetryScheduleTest, StopsWhenTheNextSleepWouldExceedTheTimeBudget) {
  testing::FakeTime time;
  RetrySchedule schedule(policy(100, 1000, 1000, 2500), time.retry_env(0.999));
  // Each try costs 999 ms of sleep; the third would end past 2500 ms.
  auto first = schedule.next_delay();
  ASSERT_TRUE(first);
  time.sleep(*first);
  auto second = schedule.next_delay();
  ASSERT_TRUE(second);
  time.sleep(*second);
  EXPECT_FALSE(schedule.next_delay());
  EXPECT_NE(schedule.exhausted_reason().find("2500 ms retry budget"), std::string::npos);
}

TEST(RetryScheduleTest, ServerWaitIsHonouredEvenAboveTheBackoffCap) {
  testing::FakeTime time;
  RetrySchedule schedule(policy(5, 10, 100, 60000), time.retry_env(0.0));
  EXPECT_EQ(schedule.next_delay(Millis(2000)), Millis(2000));
  EXPECT_EQ(schedule.next_delay(), Millis(0));  // back to jitter (draw 0)
}

TEST(RetryScheduleTest, ServerWaitBeyondTheBudgetExhaustsAtOnce) {
  testing::FakeTime time;
  RetrySchedule schedule(policy(5, 10, 100, 1000), time.retry_env());
  EXPECT_FALSE(schedule.next_delay(Millis(5000)));
}

TEST(RetryCallTest, RetriesRetryableErrorsUntilSuccess) {
  testing::FakeTime time;
  int calls = 0;
  common::retry_call(policy(5, 100, 1000, 60000), time.retry_env(0.5), [&] {
    if (++calls < 3) throw common::ExternalError("flaky", /*retryable=*/true);
  });
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(time.sleeps(), (std::vector<Millis>{Millis(50), Millis(100)}));
}

TEST(RetryCallTest, DoesNotRetryNonRetryableErrors) {
  testing::FakeTime time;
  int calls = 0;
  EXPECT_THROW(common::retry_call(policy(5, 100, 1000, 60000), time.retry_env(),
                                  [&] {
                                    ++calls;
                                    throw common::ExternalError("bad request", false);
                                  }),
               common::ExternalError);
  EXPECT_EQ(calls, 1);
}

TEST(RetryCallTest, ExhaustionRethrowsTheLastErrorWithTheReason) {
  testing::FakeTime time;
  try {
    common::retry_call(policy(2, 10, 10, 60000), time.retry_env(),
                       [] { throw common::ExternalError("service down", true); });
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("service down"), std::string::npos);
    EXPECT_NE(message.find("gave up after 2 attempts"), std::string::npos);
  }
}

// A budget the caller's deadline cut ends in a DeadlineError; the policy's own
// budget running out, or the attempt limit, stays a retryable ExternalError.
TEST(RetryCallTest, ABudgetCutToTheDeadlineRunsOutAsADeadlineError) {
  testing::FakeTime time;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  const RetryPolicy cut = common::within_deadline(policy(50, 400, 400, 60000), deadline, "call");
  EXPECT_TRUE(cut.budget_is_deadline);
  EXPECT_LE(cut.total_budget, Millis(1000));
  auto failing = [] { throw common::ExternalError("service down", true); };
  EXPECT_THROW(common::retry_call(cut, time.retry_env(0.99), failing), common::DeadlineError);
  const RetryPolicy roomy = common::within_deadline(policy(50, 400, 400, 600), deadline, "call");
  EXPECT_FALSE(roomy.budget_is_deadline);
  try {
    common::retry_call(roomy, time.retry_env(0.99), failing);
    FAIL() << "expected an error";
  } catch (const common::DeadlineError&) {
    FAIL() << "the policy's own budget ran out, not the deadline";
  } catch (const common::ExternalError& error) {
    EXPECT_TRUE(error.retryable());
  }
}

TEST(RetryScheduleTest, AttemptTimeoutIsCutToTheBudgetLeft) {
  testing::FakeTime time;
  auto p = policy(10, 100, 1000, 3000);
  RetrySchedule schedule(p, time.retry_env(0.5));
  EXPECT_EQ(common::attempt_timeout(schedule, Millis(1000)), Millis(1000));  // budget is larger
  time.advance(std::chrono::milliseconds(2600));
  EXPECT_EQ(common::attempt_timeout(schedule, Millis(1000)), Millis(400));  // 3000 - 2600 left
  time.advance(std::chrono::milliseconds(900));
  // Past the budget: 1 ms, never 0 (curl reads 0 as "no timeout").
  EXPECT_EQ(common::attempt_timeout(schedule, Millis(1000)), Millis(1));
}

}  // namespace
}  // namespace larkbase
