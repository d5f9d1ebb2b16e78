#include "common/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "common/deadline.hpp"
#include "fake_time.hpp"

namespace larkbase {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

common::RateLimiter fake_limiter(testing::FakeTime& time) {
  return common::RateLimiter([&time] { return time.now(); },
                             [&time](microseconds wait) { time.sleep(wait); });
}

TEST(RateLimiterTest, SpacesRequestsEvenlyAtTheConfiguredRate) {
  testing::FakeTime time;
  auto limiter = fake_limiter(time);
  limiter.set_limit("app/search", {10, 1});
  auto start = time.now();
  for (int i = 0; i < 11; ++i) limiter.acquire("app/search");
  // 11 requests at 10/s: the first is free, then one every 100 ms.
  EXPECT_EQ(time.now() - start, milliseconds(1000));
  auto sleeps = time.sleeps();
  ASSERT_EQ(sleeps.size(), 10u);
  for (auto sleep : sleeps) EXPECT_EQ(sleep, milliseconds(100));
}

TEST(RateLimiterTest, BurstIsAdmittedAtOnceThenTheRateApplies) {
  testing::FakeTime time;
  auto limiter = fake_limiter(time);
  limiter.set_limit("k", {10, 5});
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.reserve("k"), microseconds(0));
  EXPECT_EQ(limiter.reserve("k"), milliseconds(100));
  EXPECT_EQ(limiter.reserve("k"), milliseconds(200));
}

TEST(RateLimiterTest, IdleTimeRefillsButNeverBeyondTheBurst) {
  testing::FakeTime time;
  auto limiter = fake_limiter(time);
  limiter.set_limit("k", {10, 2});
  limiter.reserve("k");
  limiter.reserve("k");
  time.advance(std::chrono::seconds(60));
  EXPECT_EQ(limiter.reserve("k"), microseconds(0));
  EXPECT_EQ(limiter.reserve("k"), microseconds(0));
  EXPECT_EQ(limiter.reserve("k"), milliseconds(100));
}

TEST(RateLimiterTest, KeysAreIndependentAndUnknownKeysAreUnlimited) {
  testing::FakeTime time;
  auto limiter = fake_limiter(time);
  limiter.set_limit("app1/search", {1, 1});
  limiter.set_limit("app2/search", {1, 1});
  EXPECT_EQ(limiter.reserve("app1/search"), microseconds(0));
  EXPECT_EQ(limiter.reserve("app2/search"), microseconds(0));
  EXPECT_EQ(limiter.reserve("app1/search"), std::chrono::seconds(1));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter.reserve("other"), microseconds(0));
}

TEST(RateLimiterTest, ConcurrentCallersGetDistinctEvenlySpacedSlots) {
  // The clock stands still, so every reservation after the first must queue
  // behind the others: 400 reservations at 100/s are exactly the slots
  // 0, 10, 20, ... 3990 ms, each handed out once.
  testing::FakeTime time;
  auto limiter = fake_limiter(time);
  limiter.set_limit("k", {100, 1});
  constexpr int kThreads = 8, kEach = 50;
  std::vector<std::vector<microseconds>> waits(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) waits[t].push_back(limiter.reserve("k"));
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<microseconds> all;
  for (auto& list : waits) all.insert(all.end(), list.begin(), list.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), size_t(kThreads * kEach));
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], milliseconds(10) * int(i));
}

TEST(RateLimiterTest, RealClockThreadsNeverExceedTheRate) {
  common::RateLimiter limiter;
  limiter.set_limit("k", {200, 1});
  constexpr int kThreads = 4, kEach = 10;
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) limiter.acquire("k");
    });
  }
  for (auto& thread : threads) thread.join();
  // 40 requests at 200/s cannot finish in less than 39 intervals of 5 ms.
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(39 * 5));
}

TEST(RateLimiterTest, WaitPastTheDeadlineFailsAtOnceAndGivesTheSlotBack) {
  testing::FakeTime time;
  auto limiter = fake_limiter(time);
  limiter.set_limit("app/search", {1, 1});
  const auto deadline = time.now() + milliseconds(500);
  EXPECT_EQ(limiter.acquire("app/search", deadline), microseconds(0));
  try {
    limiter.acquire("app/search", deadline);
    FAIL() << "a 1 s wait ending after a 500 ms deadline was not refused";
  } catch (const common::DeadlineError& error) {
    EXPECT_TRUE(error.retryable());
    EXPECT_NE(std::string(error.what()).find("app/search"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("1000 ms"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(time.sleeps().empty()) << "the refused caller did not wait";
  // The refused slot was given back: the next caller has the same 1 s wait.
  EXPECT_EQ(limiter.reserve("app/search"), milliseconds(1000));
  // A wait that ends before the deadline is taken.
  EXPECT_EQ(limiter.acquire("app/search", time.now() + milliseconds(2500)), milliseconds(2000));
}

TEST(RateLimiterTest, ProcessWideLimiterIsOneInstance) {
  EXPECT_EQ(&common::RateLimiter::process_wide(), &common::RateLimiter::process_wide());
}

}  // namespace
}  // namespace larkbase
