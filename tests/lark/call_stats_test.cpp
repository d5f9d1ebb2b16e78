#include "common/call_stats.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace larkbase {
namespace {

TEST(CallStatsTest, CountsAcrossThreadsAndDiffsSnapshots) {
  common::CallStats stats;
  stats.add_call(10, 100);
  auto before = stats.snapshot();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        stats.add_call(1, 2);
        stats.add_page();
        stats.add_retry();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto delta = stats.snapshot() - before;
  EXPECT_EQ(delta.calls, 4000u);
  EXPECT_EQ(delta.pages, 4000u);
  EXPECT_EQ(delta.retries, 4000u);
  EXPECT_EQ(delta.bytes_sent, 4000u);
  EXPECT_EQ(delta.bytes_received, 8000u);
  EXPECT_EQ(stats.snapshot().calls, 4001u);
  EXPECT_EQ(delta.to_json()["calls"], 4000);
  EXPECT_NE(delta.to_string().find("calls=4000"), std::string::npos);
  stats.reset();
  EXPECT_EQ(stats.snapshot().calls, 0u);
}

}  // namespace
}  // namespace larkbase
