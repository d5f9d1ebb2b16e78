// Key-range cuts without I/O: every cut partitions every int64 and NULL (each
// value, bounds included, is in exactly one range), ranges survive the JSON
// trip of a split, and a restricted split carries its range in the Lark filter
// and in the constraints the reader evaluates.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <climits>

#include "common/error.hpp"
#include "connector/connector.hpp"
#include "connector/key_range.hpp"
#include "pushdown/evaluator.hpp"
#include "test_table.hpp"
#include "types/lookup_resolver.hpp"

namespace larkbase::connector {
namespace {

types::TableSchema keyed_table() {
  std::vector<types::LarkField> fields = {
      testing::lark_field("fld1", "Name", 1, "Text"),
      testing::lark_field("fld2", "Amount", 2, "Number"),
      testing::lark_field("fld9", "$reserved_split_key", 2, "Number")};
  types::InMemoryFieldLists lists;
  lists.add("appK", "tblK", fields);
  types::LookupResolver resolver(lists);
  return types::build_table_schema("appK", "tblK", fields, resolver);
}

Split search_split(const types::TableSchema& schema) {
  Split split;
  split.schema = "s";
  split.table = "t";
  split.table_schema = schema;
  for (const auto& column : schema.columns()) split.columns.push_back(column.name);
  return split;
}

int ranges_holding(const std::vector<KeyRange>& ranges, std::optional<int64_t> value) {
  int n = 0;
  for (const auto& range : ranges) n += range.contains(value) ? 1 : 0;
  return n;
}

TEST(KeyRangeCut, EveryValueAndNullIsInExactlyOneRange) {
  struct Case {
    int64_t min, max;
    int count;
  };
  for (auto c : {Case{1, 20000, 10}, Case{1, 3, 10}, Case{-5, 5, 3}, Case{7, 7, 4},
                 Case{INT64_MIN, INT64_MAX, 7}, Case{0, 1, 2}, Case{100, 1, 3}, Case{1, 10, 1}}) {
    SCOPED_TRACE(fmt::format("[{}, {}] / {}", c.min, c.max, c.count));
    auto ranges = cut_key_range("k", c.min, c.max, c.count);
    ASSERT_FALSE(ranges.empty());
    EXPECT_LE(ranges.size(), size_t(std::max(c.count, 1)));
    EXPECT_EQ(ranges_holding(ranges, std::nullopt), 1);
    std::vector<int64_t> probes = {INT64_MIN, INT64_MIN + 1, -1, 0, 1, c.min, c.max, INT64_MAX};
    for (const auto& range : ranges) {
      for (auto bound : {range.low, range.high}) {
        if (!bound) continue;
        probes.push_back(*bound);
        if (*bound > INT64_MIN) probes.push_back(*bound - 1);
        if (*bound < INT64_MAX) probes.push_back(*bound + 1);
      }
    }
    for (int64_t v : probes) EXPECT_EQ(ranges_holding(ranges, v), 1) << v;
  }
}

TEST(KeyRangeCut, DenseKeysGetEvenRangesOfWholePages) {
  auto ranges = cut_key_range("k", 1, 20000, 10);
  ASSERT_EQ(ranges.size(), 10u);
  EXPECT_EQ(ranges[1].low, std::optional<int64_t>(2001));
  EXPECT_EQ(ranges[1].high, std::optional<int64_t>(4001));
  EXPECT_FALSE(ranges.front().low.has_value());
  EXPECT_FALSE(ranges.back().high.has_value());
  EXPECT_TRUE(ranges.front().nulls);
  EXPECT_EQ(range_count({20000, 1, 20000}, 2000, 64), 10);
  EXPECT_EQ(range_count({20000, 1, 20000}, 2000, 4), 4);
  EXPECT_EQ(range_count({900, 1, 900}, 2000, 64), 1);
}

TEST(KeyRangeSplit, RangeRoundTripsThroughSplitJson) {
  Split split = search_split(keyed_table());
  split.range = KeyRange{"_reserved_split_key", 5, std::nullopt, true};
  Split back = Split::from_json(common::Json::parse(split.to_json().dump()));
  ASSERT_TRUE(back.range.has_value());
  EXPECT_EQ(*back.range, *split.range);
  split.range.reset();
  EXPECT_FALSE(Split::from_json(split.to_json()).range.has_value());
  auto json = split.to_json();
  json["range"] = {{"low", 1}};
  EXPECT_THROW(Split::from_json(json), common::UserError);
}

TEST(KeyRangeSplit, RestrictedSplitPushesAndEvaluatesItsRange) {
  auto schema = keyed_table();
  auto column = range_split_column(schema);
  ASSERT_TRUE(column.has_value());
  Split split = search_split(schema);
  ASSERT_TRUE(can_cut(split));
  auto restricted = restrict_split(split, KeyRange{*column, 100, 200, false}, {});
  ASSERT_TRUE(restricted.has_value());
  EXPECT_FALSE(can_cut(*restricted));  // never cut twice
  std::string filter = restricted->query.filter.dump();
  EXPECT_NE(filter.find("$reserved_split_key"), std::string::npos) << filter;
  EXPECT_NE(filter.find("100"), std::string::npos) << filter;
  EXPECT_NE(filter.find("200"), std::string::npos) << filter;
  ASSERT_TRUE(restricted->constraints.columns.count(*column));
  const auto set = restricted->constraints.columns.at(*column).canonical();
  EXPECT_TRUE(set.contains(pushdown::Value(int64_t{100})));
  EXPECT_TRUE(set.contains(pushdown::Value(int64_t{199})));
  EXPECT_FALSE(set.contains(pushdown::Value(int64_t{200})));
  EXPECT_FALSE(set.contains(pushdown::Value(int64_t{99})));
  EXPECT_FALSE(set.contains(pushdown::Value()));
}

TEST(KeyRangeSplit, ContradictingRangesAreDroppedAndOthersAreNotCut) {
  auto schema = keyed_table();
  auto column = *range_split_column(schema);
  Split split = search_split(schema);
  split.constraints.add(column, pushdown::ValueSet::eq(pushdown::Value(int64_t{5})));
  EXPECT_FALSE(restrict_split(split, KeyRange{column, 100, 200, false}, {}).has_value());
  auto splits = range_splits(split, {50000, 1, 50000}, 1000, 64, {});
  EXPECT_EQ(splits.size(), 1u);  // only the range holding 5 can match

  Split limited = search_split(schema);
  limited.limit = 3;
  EXPECT_FALSE(can_cut(limited));
  Split plain = search_split(testing::test_table());
  EXPECT_FALSE(can_cut(plain));  // no split key
  EXPECT_EQ(range_splits(plain, {50000, 1, 50000}, 1000, 64, {}).size(), 1u);
}

}  // namespace
}  // namespace larkbase::connector
