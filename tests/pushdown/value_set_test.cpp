#include <gtest/gtest.h>

#include "common/error.hpp"
#include "pushdown/constraints.hpp"
#include "pushdown/value_set.hpp"

namespace larkbase::pushdown {
namespace {

TEST(Value, NumbersCompareExactlyAcrossIntAndDouble) {
  EXPECT_EQ(compare(Value(int64_t{3}), Value(3.0)), std::strong_ordering::equal);
  EXPECT_EQ(compare(Value(int64_t{3}), Value(3.5)), std::strong_ordering::less);
  // 2^53 + 1 is not a double: rounding it would make these equal.
  EXPECT_EQ(compare(Value(int64_t{9007199254740993}), Value(9007199254740992.0)),
            std::strong_ordering::greater);
  EXPECT_EQ(compare(Value(true), Value(int64_t{1})), std::strong_ordering::equal);
  EXPECT_EQ(compare(Value(-1e300), Value(std::numeric_limits<int64_t>::min())),
            std::strong_ordering::less);
}

TEST(Value, ClassOrderIsNullNumbersText) {
  EXPECT_LT(Value(), Value(int64_t{-5}));
  EXPECT_LT(Value(1e300), Value(""));
  EXPECT_LT(Value("B"), Value("a"));  // byte order: 'B' (0x42) < 'a' (0x61)
  EXPECT_LT(Value("a"), Value("ab"));
}

TEST(ValueSet, BuildersFollowSqlNullRules) {
  EXPECT_TRUE(ValueSet::eq(Value()).canonical().is_none());
  EXPECT_TRUE(ValueSet::not_in({Value(1), Value()}).canonical().is_none());
  RangeSet in = ValueSet::in({Value(2), Value(), Value(1), Value(2)}).canonical();
  ASSERT_EQ(in.ranges.size(), 2u);
  EXPECT_FALSE(in.null_allowed);
  EXPECT_TRUE(in.contains(Value(1)));
  EXPECT_FALSE(in.contains(Value()));
  EXPECT_TRUE(ValueSet::is_null().canonical().is_only_null());
}

TEST(ValueSet, NotInIsTheComplementOfPoints) {
  RangeSet set = ValueSet::not_in({Value(5), Value(1)}).canonical();
  ASSERT_TRUE(set.excluded_points().has_value());
  EXPECT_EQ(set.excluded_points()->size(), 2u);
  EXPECT_FALSE(set.contains(Value(1)));
  EXPECT_TRUE(set.contains(Value(3)));
  EXPECT_TRUE(set.contains(Value(1.0000001)));
  EXPECT_FALSE(set.contains(Value()));
}

TEST(ValueSet, IntersectionAndsPredicates) {
  ValueSet both = intersect(ValueSet::gt(Value(1)), ValueSet::le(Value(5)));
  RangeSet set = both.canonical();
  ASSERT_EQ(set.ranges.size(), 1u);
  EXPECT_FALSE(set.contains(Value(1)));
  EXPECT_TRUE(set.contains(Value(5)));
  EXPECT_TRUE(intersect(ValueSet::lt(Value(1)), ValueSet::gt(Value(2))).canonical().is_none());
  EXPECT_TRUE(intersect(ValueSet::eq(Value(1)), ValueSet::ne(Value(1))).canonical().is_none());
  // IS NULL AND x > 1 admits nothing; IS NULL AND everything keeps NULL.
  EXPECT_TRUE(intersect(ValueSet::is_null(), ValueSet::gt(Value(1))).canonical().is_none());
  EXPECT_TRUE(intersect(ValueSet::is_null(), ValueSet::all()).canonical().is_only_null());
}

TEST(ValueSet, UnionMergesTouchingRanges) {
  RangeSet set = unite(ValueSet::le(Value(3)), ValueSet::gt(Value(3))).canonical();
  EXPECT_TRUE(set.all_values());
  EXPECT_FALSE(set.null_allowed);
  RangeSet gap = unite(ValueSet::lt(Value(3)), ValueSet::gt(Value(3))).canonical();
  EXPECT_EQ(gap.ranges.size(), 2u);
  RangeSet with_null = unite(ValueSet::gt(Value(5)), ValueSet::is_null()).canonical();
  EXPECT_TRUE(with_null.null_allowed);
  EXPECT_EQ(describe(with_null, "x"), "x > 5 OR x IS NULL");
}

TEST(ValueSet, DescribeReadsLikeSql) {
  EXPECT_EQ(describe(ValueSet::in({Value("a"), Value("b")}).canonical(), "s"), "s IN ('a', 'b')");
  EXPECT_EQ(describe(ValueSet::ne(Value("it's")).canonical(), "s"), "s <> 'it''s'");
  EXPECT_EQ(describe(ValueSet::between(Value(1), Value(2)).canonical(), "n"),
            "(n >= 1 AND n <= 2)");
  EXPECT_EQ(describe(ValueSet::is_not_null().canonical(), "n"), "n IS NOT NULL");
}

TEST(ValueSet, JsonRoundTripKeepsTypesAndShape) {
  std::vector<ValueSet> sets = {
      ValueSet::all(), ValueSet::none(), ValueSet::in({Value(1), Value(2.5), Value("x")}),
      ValueSet::not_in({Value(true)}),
      unite(ValueSet::between(Value(int64_t{1}), Value(2.0)), ValueSet::is_null())};
  for (const auto& set : sets) {
    common::Json json = to_json(set);
    ValueSet back = value_set_from_json(common::Json::parse(json.dump()), "test");
    EXPECT_EQ(to_json(back), json) << json.dump();
  }
  EXPECT_THROW(value_set_from_json(common::Json{{"type", "bogus"}}, "test"), common::UserError);
}

TEST(Constraints, AddIntersectsAndJsonRoundTrips) {
  Constraints c;
  c.add("x", ValueSet::gt(Value(1)));
  c.add("x", ValueSet::lt(Value(10)));
  c.add_like({"s", "%a_%", true});
  c.limit = 7;
  c.order_by.push_back({"x", true, false});
  c.needed_columns = std::vector<std::string>{"x", "s"};
  RangeSet x = c.columns.at("x").canonical();
  EXPECT_TRUE(x.contains(Value(5)));
  EXPECT_FALSE(x.contains(Value(10)));
  Constraints back = constraints_from_json(common::Json::parse(to_json(c).dump()));
  EXPECT_EQ(to_json(back), to_json(c));
  EXPECT_EQ(back.limit, 7);
  EXPECT_TRUE(back.likes.at(0).ascii_case_insensitive);
}

}  // namespace
}  // namespace larkbase::pushdown
