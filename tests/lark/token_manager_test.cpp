#include "lark/token_manager.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fake_time.hpp"

namespace larkbase::lark {
namespace {

using std::chrono::seconds;

TEST(TokenManagerTest, MarginIsThreeMinutesOrATenthOfTheLifetime) {
  EXPECT_EQ(TokenManager::refresh_margin(seconds(7200)), std::chrono::minutes(3));
  EXPECT_EQ(TokenManager::refresh_margin(seconds(600)), seconds(60));
  EXPECT_EQ(TokenManager::refresh_margin(seconds(2)), std::chrono::milliseconds(200));
}

TEST(TokenManagerTest, CachesUntilTheMarginThenRefreshesBeforeExpiry) {
  testing::FakeTime time;
  int fetches = 0;
  TokenManager tokens(
      [&] {
        ++fetches;
        return TokenGrant{"t-" + std::to_string(fetches), seconds(7200)};
      },
      [&] { return time.now(); });
  EXPECT_EQ(tokens.token(), "t-1");
  time.advance(seconds(7200 - 181));
  EXPECT_EQ(tokens.token(), "t-1");  // 181 s left: still outside the margin
  time.advance(seconds(2));
  EXPECT_EQ(tokens.token(), "t-2");  // 179 s left: refreshed while still valid
  EXPECT_EQ(fetches, 2);
}

TEST(TokenManagerTest, ShortLivedTokensUseTheTenPercentMargin) {
  testing::FakeTime time;
  int fetches = 0;
  TokenManager tokens(
      [&] {
        ++fetches;
        return TokenGrant{"t-" + std::to_string(fetches), seconds(10)};
      },
      [&] { return time.now(); });
  tokens.token();
  time.advance(std::chrono::milliseconds(8900));
  EXPECT_EQ(tokens.token(), "t-1");
  time.advance(std::chrono::milliseconds(200));  // 9.1 s: inside the last second
  EXPECT_EQ(tokens.token(), "t-2");
}

TEST(TokenManagerTest, InvalidateForgetsOnlyTheRejectedToken) {
  testing::FakeTime time;
  int fetches = 0;
  TokenManager tokens(
      [&] {
        ++fetches;
        return TokenGrant{"t-" + std::to_string(fetches), seconds(7200)};
      },
      [&] { return time.now(); });
  EXPECT_EQ(tokens.token(), "t-1");
  tokens.invalidate("t-0");  // a stale rejection from another thread: ignored
  EXPECT_EQ(tokens.token(), "t-1");
  tokens.invalidate("t-1");
  EXPECT_EQ(tokens.token(), "t-2");
}

TEST(TokenManagerTest, ConcurrentCallersShareOneFetch) {
  std::atomic<int> fetches{0};
  TokenManager tokens([&] {
    ++fetches;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return TokenGrant{"t-shared", seconds(7200)};
  });
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] { EXPECT_EQ(tokens.token(), "t-shared"); });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(fetches.load(), 1);
}

TEST(TokenManagerTest, AFailedFetchLeavesNoTokenAndIsRetriedNextTime) {
  int fetches = 0;
  TokenManager tokens([&]() -> TokenGrant {
    if (++fetches == 1) throw std::runtime_error("network down");
    return TokenGrant{"t-ok", seconds(7200)};
  });
  EXPECT_THROW(tokens.token(), std::runtime_error);
  EXPECT_EQ(tokens.token(), "t-ok");
}

}  // namespace
}  // namespace larkbase::lark
