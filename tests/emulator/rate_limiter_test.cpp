#include "emulator/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace larkbase::emulator {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, AdmitsLimitPerSecondPerApp) {
  std::chrono::steady_clock::time_point now{};
  RateLimiter limiter(2, [&] { return now; });
  EXPECT_TRUE(limiter.admit("a").allowed);
  EXPECT_TRUE(limiter.admit("a").allowed);
  auto refused = limiter.admit("a");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.reset_seconds, 1);
  EXPECT_TRUE(limiter.admit("b").allowed);  // apps are counted apart
  now += 1s;
  EXPECT_TRUE(limiter.admit("a").allowed);
}

TEST(RateLimiter, ZeroMeansUnlimited) {
  RateLimiter limiter(0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.admit("a").allowed);
}

}  // namespace
}  // namespace larkbase::emulator
