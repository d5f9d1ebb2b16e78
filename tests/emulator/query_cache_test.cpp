#include "emulator/query_cache.hpp"

#include <gtest/gtest.h>

namespace larkbase::emulator {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
  QueryCache::TimePoint now{};
  QueryCache::Clock clock() {
    return [this] { return now; };
  }
};

std::shared_ptr<QueryResult> rows(std::vector<uint32_t> ids, std::string fingerprint = "q") {
  auto result = std::make_shared<QueryResult>();
  result->rows = std::move(ids);
  result->fingerprint = std::move(fingerprint);
  return result;
}

TEST(QueryResult, AllRowsNeedsNoList) {
  QueryResult result;
  result.all_rows = true;
  result.all_count = 1000000;
  EXPECT_EQ(result.size(), 1000000u);
  EXPECT_EQ(result.at(999999), 999999u);
  EXPECT_EQ(result.cost(), 1u);
}

TEST(QueryCache, ReturnsWhatWasStoredUnderDistinctIds) {
  FakeClock time;
  QueryCache cache(8, 1000, 60s, time.clock());
  uint64_t a = cache.put(rows({3, 1, 2}, "a"));
  uint64_t b = cache.put(rows({9}, "b"));
  EXPECT_NE(a, b);
  ASSERT_TRUE(cache.get(a));
  EXPECT_EQ(cache.get(a)->rows, (std::vector<uint32_t>{3, 1, 2}));
  EXPECT_EQ(cache.get(b)->fingerprint, "b");
  EXPECT_FALSE(cache.get(12345));
}

TEST(QueryCache, EvictsLeastRecentlyUsedBeyondEntryBound) {
  FakeClock time;
  QueryCache cache(2, 1000, 60s, time.clock());
  uint64_t a = cache.put(rows({1}));
  uint64_t b = cache.put(rows({2}));
  ASSERT_TRUE(cache.get(a));  // a is now the most recent
  uint64_t c = cache.put(rows({3}));
  EXPECT_TRUE(cache.get(a));
  EXPECT_FALSE(cache.get(b));
  EXPECT_TRUE(cache.get(c));
  EXPECT_EQ(cache.size(), 2u);
}

TEST(QueryCache, EvictsBeyondRowBoundButKeepsNewest) {
  FakeClock time;
  QueryCache cache(100, 10, 60s, time.clock());
  uint64_t a = cache.put(rows({1, 2, 3, 4, 5}));
  uint64_t b = cache.put(rows(std::vector<uint32_t>(20, 7)));
  EXPECT_FALSE(cache.get(a));
  EXPECT_TRUE(cache.get(b));  // larger than the bound alone, still served
}

TEST(QueryCache, ExpiresIdleEntries) {
  FakeClock time;
  QueryCache cache(8, 1000, 60s, time.clock());
  uint64_t a = cache.put(rows({1}));
  uint64_t b = cache.put(rows({2}));
  time.now += 45s;
  ASSERT_TRUE(cache.get(a));  // using it keeps it alive
  time.now += 45s;
  EXPECT_TRUE(cache.get(a));
  EXPECT_FALSE(cache.get(b));
}

TEST(QueryCache, HeldResultsSurviveEviction) {
  FakeClock time;
  QueryCache cache(1, 1000, 60s, time.clock());
  uint64_t a = cache.put(rows({4, 5}));
  auto held = cache.get(a);
  cache.put(rows({6}));
  EXPECT_FALSE(cache.get(a));
  EXPECT_EQ(held->rows, (std::vector<uint32_t>{4, 5}));
}

}  // namespace
}  // namespace larkbase::emulator
