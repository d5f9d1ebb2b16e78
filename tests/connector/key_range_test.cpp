// Key-range cuts without I/O: every cut partitions every int64 and NULL (each
// value, bounds included, is in exactly one range), ranges survive the JSON
// trip of a split, and a restricted split carries its range in the Lark filter
// and in the constraints the reader evaluates.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <climits>

#include "columnar/builder.hpp"
#include "common/error.hpp"
#include "connector/connector.hpp"
#include "connector/key_range.hpp"
#include "pushdown/evaluator.hpp"
#include "test_table.hpp"
#include "types/lookup_resolver.hpp"

namespace larkbase::connector {
namespace {

// The schema of table `table_id` of base `app_token` with these fields.
types::TableSchema schema_of(const std::string& app_token, const std::string& table_id,
                             const std::vector<types::LarkField>& fields) {
  types::InMemoryFieldLists lists;
  lists.add(app_token, table_id, fields);
  types::LookupResolver resolver(lists);
  return types::build_table_schema(app_token, table_id, fields, resolver);
}

types::TableSchema keyed_table() {
  return schema_of("appK", "tblK",
                   {testing::lark_field("fld1", "Name", 1, "Text"),
                    testing::lark_field("fld2", "Amount", 2, "Number"),
                    testing::lark_field("fld9", "$reserved_split_key", 2, "Number")});
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
  EXPECT_EQ(range_count({20000, 1, 20000, {}}, 2000, 64), 10);
  EXPECT_EQ(range_count({20000, 1, 20000, {}}, 2000, 4), 4);
  EXPECT_EQ(range_count({900, 1, 900, {}}, 2000, 64), 1);
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
  Split split = search_split(schema);
  auto key = range_split_column(split, "");
  ASSERT_TRUE(key.has_value());
  auto column = &key->name;
  ASSERT_TRUE(can_cut(split, ""));
  auto restricted = restrict_split(split, KeyRange{*column, 100, 200, false}, {});
  ASSERT_TRUE(restricted.has_value());
  EXPECT_FALSE(can_cut(*restricted, ""));  // never cut twice
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
  Split split = search_split(schema);
  const SplitColumn key = *range_split_column(split, "");
  const std::string column = key.name;
  split.constraints.add(column, pushdown::ValueSet::eq(pushdown::Value(int64_t{5})));
  EXPECT_FALSE(restrict_split(split, KeyRange{column, 100, 200, false}, {}).has_value());
  auto splits = range_splits(split, {50000, 1, 50000, key}, 1000, 64, {});
  EXPECT_EQ(splits.size(), 1u);  // only the range holding 5 can match

  Split limited = search_split(schema);
  limited.limit = 3;
  EXPECT_FALSE(can_cut(limited, ""));
  Split plain = search_split(testing::test_table());
  EXPECT_FALSE(can_cut(plain, kNoSplitColumn));  // cutting turned off
  EXPECT_EQ(range_splits(limited, {50000, 1, 50000, key}, 1000, 64, {}).size(), 1u);
}

// Columns: Name (Text), Code (AutoNumber with a prefix), Seq (integer AutoNumber),
// Created (CreatedTime), Score (Number), Price (Currency), then the reserved ones.
types::TableSchema sortable_table() {
  auto seq = testing::lark_field("fld3", "Seq", 1005, "AutoNumber");
  seq.property = {{"auto_serial", {{"type", "auto_increment_number"}}}};
  auto code = testing::lark_field("fld2", "Code", 1005, "AutoNumber");
  code.property = {
      {"auto_serial",
       {{"type", "custom"},
        {"options", common::Json::array({{{"type", "fixed_text"}, {"value", "SO-"}},
                                         {{"type", "system_number"}, {"value", "6"}}})}}}};
  return schema_of("appS", "tblS",
                   {testing::lark_field("fld1", "Name", 1, "Text"), code, seq,
                    testing::lark_field("fld4", "Created", 1001, "CreatedTime"),
                    testing::lark_field("fld5", "Score", 2, "Number"),
                    testing::lark_field("fld6", "Price", 2, "Currency")});
}

TEST(KeyRangeColumn, PicksTheSplitKeyThenAutoNumberThenCreatedTimeThenNumber) {
  Split split = search_split(sortable_table());
  auto pick = [&](const std::string& choice) { return range_split_column(split, choice); };
  ASSERT_TRUE(pick("").has_value());
  EXPECT_EQ(pick("")->name, "seq");  // Code has a prefix: not an integer
  EXPECT_EQ(pick("")->kind, KeyKind::kAutoNumber);
  // The integer format survives the split's JSON (what another process reads).
  EXPECT_EQ(range_split_column(Split::from_json(split.to_json()), "")->name, "seq");
  EXPECT_EQ(pick("created")->kind, KeyKind::kTime);
  EXPECT_FALSE(pick("created")->dense());
  EXPECT_EQ(pick("score")->kind, KeyKind::kNumber);
  EXPECT_EQ(pick("price")->kind, KeyKind::kNumber);  // named: any number family
  EXPECT_EQ(pick("name")->name, "seq");              // not sortable: the automatic choice
  EXPECT_EQ(pick("code")->name, "seq");
  EXPECT_FALSE(pick(kNoSplitColumn).has_value());
  EXPECT_EQ(range_split_column(search_split(keyed_table()), "")->kind, KeyKind::kSplitKey);
  EXPECT_EQ(range_split_column(search_split(testing::test_table()), "")->name, "amount");

  // Only keys a record can never change keep it in one range for good.
  EXPECT_TRUE(pick("")->keys_fixed);
  EXPECT_TRUE(pick("created")->keys_fixed);
  EXPECT_FALSE(pick("score")->keys_fixed);
  // The designated split key, a Number here, is fixed by contract; another Number is not.
  EXPECT_TRUE(range_split_column(search_split(keyed_table()), "")->keys_fixed);
  EXPECT_FALSE(range_split_column(search_split(keyed_table()), "amount")->keys_fixed);

  // An AutoNumber the query constrains (with text) is passed over.
  split.constraints.add("seq", pushdown::ValueSet::eq(pushdown::Value(std::string("15"))));
  EXPECT_EQ(pick("")->name, "created");
  EXPECT_EQ(pick("seq")->name, "created");
}

TEST(KeyRangeColumn, AutoNumberRangesArePushedAsNumbersAndPartitionItsText) {
  Split split = search_split(sortable_table());
  const auto ranges = cut_key_range("seq", 1, 300, 3);
  ASSERT_EQ(ranges.size(), 3u);
  // Cells as the normaliser reads them (text), the integers out of text order,
  // leading zeros, a non-integer and NULL: each is in exactly one range.
  std::vector<std::optional<std::string>> cells = {
      "9", "10", "100", "101", "0000150", "2", "300", "99999999999999999999", "x1", std::nullopt};
  columnar::StringBuilder text;
  for (const auto& cell : cells) cell ? text.append(*cell) : text.append_null();
  columnar::RecordBatch batch;
  auto schema = std::make_shared<columnar::Schema>();
  schema->fields = {{"seq", columnar::utf8_type(), true}};
  batch.schema = schema;
  batch.num_rows = int64_t(cells.size());
  batch.columns = {text.finish()};
  std::vector<int> holders(cells.size(), 0);
  for (const auto& range : ranges) {
    auto restricted = restrict_split(split, range, {});
    ASSERT_TRUE(restricted.has_value());
    const std::string filter = restricted->query.filter.dump();
    if (range.low) {
      EXPECT_NE(filter.find(R"({"field_name":"Seq","operator":"isGreaterEqual","value":[")" +
                            std::to_string(*range.low) + R"("]})"),
                std::string::npos)
          << filter;
    }
    if (range.high) {
      EXPECT_NE(filter.find(R"("operator":"isLess","value":[")" + std::to_string(*range.high)),
                std::string::npos)
          << filter;
    }
    pushdown::Constraints seq_only;
    seq_only.add("seq", restricted->constraints.columns.at("seq"));
    for (uint32_t row : pushdown::Evaluator(seq_only, *batch.schema).select(batch)) {
      holders[row] += 1;
    }
  }
  for (size_t i = 0; i < cells.size(); ++i) {
    EXPECT_EQ(holders[i], 1) << cells[i].value_or("NULL");
  }
}

}  // namespace
}  // namespace larkbase::connector
