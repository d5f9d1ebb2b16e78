// The exact Lark filters produced per type and SQL shape (expected JSON written by
// hand from lark-open-api.md §4.3), and the plan-level rules.
#include <gtest/gtest.h>

#include "pushdown/explain.hpp"
#include "pushdown/translate.hpp"
#include "test_schema.hpp"
#include "where.hpp"

namespace larkbase::pushdown {
namespace {

using common::Json;

constexpr int64_t kDay = 86'400'000;

class TranslateTest : public ::testing::Test {
 protected:
  PushdownPlan plan(const std::string& column, const ValueSet& set,
                    const TranslateOptions& options = {}) {
    Constraints c;
    c.add(column, set);
    return translate(c, schema_, options);
  }
  Json filter(const std::string& column, const ValueSet& set,
              const TranslateOptions& options = {}) {
    return plan(column, set, options).query.filter;
  }
  static TranslateOptions case_sensitive() {
    TranslateOptions o;
    o.assume_case_sensitive_text = true;
    return o;
  }
  types::TableSchema schema_ = testing::demo_schema();
};

TEST_F(TranslateTest, TextEquality) {
  EXPECT_EQ(filter("title", ValueSet::eq(Value("abc"))), Json::parse(R"({"conjunction":"and",
      "conditions":[{"field_name":"Title","operator":"is","value":["abc"]}]})"));
  // A case-insensitive Lark keeps 'ABC' too: pushed, but not exact.
  EXPECT_FALSE(plan("title", ValueSet::eq(Value("abc"))).filter_exact);
  EXPECT_TRUE(plan("title", ValueSet::eq(Value("abc")), case_sensitive()).filter_exact);
}

TEST_F(TranslateTest, TextInIsAnOrGroup) {
  EXPECT_EQ(filter("email", ValueSet::in({Value("b@x.io"), Value("a@x.io")})),
            Json::parse(R"({"conjunction":"and","conditions":[],"children":[
      {"conjunction":"or","conditions":[
        {"field_name":"Email","operator":"is","value":["a@x.io"]},
        {"field_name":"Email","operator":"is","value":["b@x.io"]}]}]})"));
}

TEST_F(TranslateTest, TextInWithElevenValuesIsNotPushed) {
  std::vector<Value> values;
  for (int i = 0; i < 11; ++i) values.emplace_back("v" + std::to_string(i));
  PushdownPlan p = plan("title", ValueSet::in(values));
  EXPECT_TRUE(p.query.filter.is_null());
  EXPECT_FALSE(p.filter_exact);
  values.pop_back();
  EXPECT_EQ(plan("title", ValueSet::in(values)).query.filter["children"][0]["conditions"].size(),
            10u);
}

TEST_F(TranslateTest, TextNotEqualNeedsCaseSensitiveLark) {
  EXPECT_TRUE(filter("title", ValueSet::ne(Value("a"))).is_null());
  EXPECT_EQ(filter("title", ValueSet::ne(Value("a")), case_sensitive()),
            Json::parse(R"({"conjunction":"and","conditions":[
      {"field_name":"Title","operator":"isNot","value":["a"]}]})"));
  TranslateOptions both = case_sensitive();
  both.text_empty_is_null = true;
  EXPECT_EQ(filter("title", ValueSet::not_in({Value("a"), Value("b")}), both),
            Json::parse(R"({"conjunction":"and","conditions":[
      {"field_name":"Title","operator":"isNot","value":["a"]},
      {"field_name":"Title","operator":"isNot","value":["b"]},
      {"field_name":"Title","operator":"isNotEmpty","value":[]}]})"));
}

TEST_F(TranslateTest, TextRangesAreNeverPushed) {
  // The reference connector sent isLess/isGreater to text fields (its defect 10.1.7).
  EXPECT_TRUE(filter("title", ValueSet::gt(Value("m"))).is_null());
  EXPECT_TRUE(filter("title", unite(ValueSet::lt(Value("a")), ValueSet::gt(Value("b")))).is_null());
}

TEST_F(TranslateTest, TextNullTests) {
  EXPECT_EQ(filter("title", ValueSet::is_null()), Json::parse(R"({"conjunction":"and",
      "conditions":[{"field_name":"Title","operator":"isEmpty","value":[]}]})"));
  EXPECT_TRUE(filter("title", ValueSet::is_not_null()).is_null());
  TranslateOptions o;
  o.text_empty_is_null = true;
  EXPECT_EQ(filter("title", ValueSet::is_not_null(), o), Json::parse(R"({"conjunction":"and",
      "conditions":[{"field_name":"Title","operator":"isNotEmpty","value":[]}]})"));
}

TEST_F(TranslateTest, TextOperandsLarkCouldReadDifferently) {
  EXPECT_TRUE(filter("title", ValueSet::eq(Value(""))).is_null());
  EXPECT_TRUE(filter("title", ValueSet::eq(Value(" padded"))).is_null());
  EXPECT_TRUE(filter("title", ValueSet::eq(Value(int64_t{5}))).is_null());
  EXPECT_TRUE(filter("phone", ValueSet::eq(Value("call me"))).is_null());
  EXPECT_EQ(filter("phone", ValueSet::eq(Value("+8613100000000")))["conditions"][0]["value"],
            Json::parse(R"(["+8613100000000"])"));
}

TEST_F(TranslateTest, LikeBecomesContainsOfLiteralParts) {
  Constraints c;
  c.add_like({"title", "%abc%"});
  PushdownPlan p = translate(c, schema_, case_sensitive());
  EXPECT_EQ(p.query.filter, Json::parse(R"({"conjunction":"and","conditions":[
      {"field_name":"Title","operator":"contains","value":["abc"]}]})"));
  EXPECT_TRUE(p.filter_exact);

  Constraints several;
  several.add_like({"title", "a%bc_d"});
  p = translate(several, schema_, case_sensitive());
  EXPECT_EQ(p.query.filter, Json::parse(R"({"conjunction":"and","conditions":[
      {"field_name":"Title","operator":"contains","value":["a"]},
      {"field_name":"Title","operator":"contains","value":["bc"]},
      {"field_name":"Title","operator":"contains","value":["d"]}]})"));
  EXPECT_FALSE(p.filter_exact);

  // SQLite's default LIKE folds ASCII case; a case-sensitive Lark could then drop
  // rows, so only letter-free parts go.
  Constraints folded;
  folded.add_like({"title", "%ab%12%", true});
  EXPECT_EQ(translate(folded, schema_).query.filter,
            Json::parse(R"({"conjunction":"and","conditions":[
      {"field_name":"Title","operator":"contains","value":["12"]}]})"));

  Constraints on_select;
  on_select.add_like({"status", "%op%"});
  EXPECT_TRUE(translate(on_select, schema_).query.filter.is_null());
}

TEST_F(TranslateTest, NumberShapes) {
  EXPECT_EQ(filter("score", ValueSet::eq(Value(0.1))), Json::parse(R"({"conjunction":"and",
      "conditions":[{"field_name":"Score","operator":"is","value":["0.1"]}]})"));
  EXPECT_EQ(filter("score", ValueSet::gt(Value(int64_t{5})))["conditions"],
            Json::parse(R"([{"field_name":"Score","operator":"isGreater","value":["5"]}])"));
  EXPECT_EQ(filter("score", ValueSet::between(Value(1), Value(2.5)))["conditions"],
            Json::parse(R"([{"field_name":"Score","operator":"isGreaterEqual","value":["1"]},
                            {"field_name":"Score","operator":"isLessEqual","value":["2.5"]}])"));
  EXPECT_EQ(filter("rating", ValueSet::ne(Value(3)))["conditions"],
            Json::parse(R"([{"field_name":"Rating","operator":"isNot","value":["3"]},
                            {"field_name":"Rating","operator":"isNotEmpty","value":[]}])"));
  EXPECT_EQ(filter("score", ValueSet::eq(Value(1e21)))["conditions"][0]["value"],
            Json::parse(R"(["1000000000000000000000"])"));
  EXPECT_TRUE(plan("score", ValueSet::gt(Value(5))).filter_exact);
}

TEST_F(TranslateTest, NumberBeyondDoublePrecisionRoundsOutward) {
  // x >= 2^53+1: no double lies between 2^53 and 2^53+1, so x > 2^53 is the same set.
  EXPECT_EQ(filter("score", ValueSet::ge(Value(int64_t{9007199254740993})))["conditions"],
            Json::parse(R"([{"field_name":"Score","operator":"isGreater",
                             "value":["9007199254740992"]}])"));
  EXPECT_EQ(filter("score", ValueSet::le(Value(int64_t{9007199254740993})))["conditions"],
            Json::parse(R"([{"field_name":"Score","operator":"isLess",
                             "value":["9007199254740994"]}])"));
  // x <> 2^53+1 holds for every double: no isNot is sent (isNot 2^53 would drop 2^53).
  EXPECT_EQ(filter("score", ValueSet::ne(Value(int64_t{9007199254740993})))["conditions"],
            Json::parse(R"([{"field_name":"Score","operator":"isNotEmpty","value":[]}])"));
  // An operand Lark cannot take (infinity) leaves only "not empty".
  EXPECT_EQ(
      filter("score", ValueSet::gt(Value(std::numeric_limits<double>::infinity())))["conditions"],
      Json::parse(R"([{"field_name":"Score","operator":"isNotEmpty","value":[]}])"));
}

TEST_F(TranslateTest, NullAllowedAddsIsEmptyToEveryCondition) {
  // x > 5 OR x IS NULL: the reference connector lost the NULL rows (defect 10.1.5).
  EXPECT_EQ(filter("score", unite(ValueSet::gt(Value(5)), ValueSet::is_null())),
            Json::parse(R"({"conjunction":"and","conditions":[],"children":[
      {"conjunction":"or","conditions":[
        {"field_name":"Score","operator":"isGreater","value":["5"]},
        {"field_name":"Score","operator":"isEmpty","value":[]}]}]})"));
  // (x BETWEEN 1 AND 2) OR x IS NULL == (x >= 1 OR empty) AND (x <= 2 OR empty).
  EXPECT_EQ(filter("score",
                   unite(ValueSet::between(Value(1), Value(2)), ValueSet::is_null()))["children"],
            Json::parse(R"([
      {"conjunction":"or","conditions":[
        {"field_name":"Score","operator":"isGreaterEqual","value":["1"]},
        {"field_name":"Score","operator":"isEmpty","value":[]}]},
      {"conjunction":"or","conditions":[
        {"field_name":"Score","operator":"isLessEqual","value":["2"]},
        {"field_name":"Score","operator":"isEmpty","value":[]}]}])"));
  // IN (1, 2) OR IS NULL: one group.
  EXPECT_EQ(filter("score", unite(ValueSet::in({Value(1), Value(2)}),
                                  ValueSet::is_null()))["children"][0]["conditions"]
                .size(),
            3u);
}

TEST_F(TranslateTest, LenientCellsPushNoConditionThatKeepsNulls) {
  // With --lenient-cells an unreadable cell reads as NULL but is not empty to
  // Lark: isEmpty (alone or in an OR group) would drop it, and a checkbox IS NULL
  // would be answered without a call.
  TranslateOptions lenient;
  lenient.unreadable_cells_are_null = true;
  PushdownPlan is_null = plan("score", ValueSet::is_null(), lenient);
  EXPECT_TRUE(is_null.query.filter.is_null());
  EXPECT_FALSE(is_null.filter_exact);
  EXPECT_TRUE(
      filter("score", unite(ValueSet::gt(Value(5)), ValueSet::is_null()), lenient).is_null());
  EXPECT_EQ(plan("done", ValueSet::is_null(), lenient).access, Access::kSearch);
  // Sets without NULL are pushed as usual: the reader drops the NULLed cell anyway.
  EXPECT_EQ(filter("score", ValueSet::gt(Value(5)), lenient),
            filter("score", ValueSet::gt(Value(5))));
}

TEST_F(TranslateTest, NumberOrOfRanges) {
  EXPECT_EQ(filter("score", unite(ValueSet::lt(Value(1)), ValueSet::gt(Value(5))))["children"],
            Json::parse(R"([{"conjunction":"or","conditions":[
        {"field_name":"Score","operator":"isLess","value":["1"]},
        {"field_name":"Score","operator":"isGreater","value":["5"]}]}])"));
  // Two bounded ranges cannot be one level deep: widened to their hull.
  PushdownPlan p = plan(
      "score", unite(ValueSet::between(Value(1), Value(2)), ValueSet::between(Value(5), Value(6))));
  EXPECT_EQ(p.query.filter["conditions"],
            Json::parse(R"([{"field_name":"Score","operator":"isGreaterEqual","value":["1"]},
                            {"field_name":"Score","operator":"isLessEqual","value":["6"]}])"));
  EXPECT_FALSE(p.filter_exact);
  // An IN list longer than 10 is widened to [min, max].
  std::vector<Value> values;
  for (int i = 20; i >= 0; --i) values.emplace_back(i);
  EXPECT_EQ(filter("score", ValueSet::in(values))["conditions"],
            Json::parse(R"([{"field_name":"Score","operator":"isGreaterEqual","value":["0"]},
                            {"field_name":"Score","operator":"isLessEqual","value":["20"]}])"));
}

TEST_F(TranslateTest, CheckboxRules) {
  EXPECT_EQ(filter("done", ValueSet::eq(Value(true))), Json::parse(R"({"conjunction":"and",
      "conditions":[{"field_name":"Done","operator":"is","value":["true"]}]})"));
  EXPECT_EQ(filter("done", ValueSet::ne(Value(true)))["conditions"][0]["value"],
            Json::parse(R"(["false"])"));
  EXPECT_EQ(filter("done", ValueSet::eq(Value(int64_t{0})))["conditions"][0]["value"],
            Json::parse(R"(["false"])"));
  // IS NOT NULL holds for every checkbox: never `is true` (defect 10.1.6).
  PushdownPlan not_null = plan("done", ValueSet::is_not_null());
  EXPECT_TRUE(not_null.query.filter.is_null());
  EXPECT_EQ(not_null.access, Access::kSearch);
  EXPECT_TRUE(filter("done", ValueSet::in({Value(true), Value(false)})).is_null());
  // A checkbox is never NULL: IS NULL matches nothing and needs no call.
  EXPECT_EQ(plan("done", ValueSet::is_null()).access, Access::kNothing);
}

TEST_F(TranslateTest, DatesAreWidenedAndUseOnlyDateOperators) {
  const int64_t t = 1702339200000;  // 2023-12-12T00:00:00Z
  EXPECT_EQ(filter("due", ValueSet::ge(Value(t))), Json::parse(R"({"conjunction":"and",
      "conditions":[{"field_name":"Due","operator":"isGreater",
                     "value":["ExactDate","1702080000000"]}]})"));
  EXPECT_EQ(filter("due", ValueSet::lt(Value(t)))["conditions"],
            Json::parse(R"([{"field_name":"Due","operator":"isLess",
                             "value":["ExactDate","1702598400000"]}])"));
  EXPECT_EQ(filter("created", ValueSet::eq(Value(t + 5)))["conditions"],
            Json::parse(R"([{"field_name":"Created","operator":"isGreater",
                             "value":["ExactDate","1702080000005"]},
                            {"field_name":"Created","operator":"isLess",
                             "value":["ExactDate","1702598400005"]}])"));
  // IN on dates: the hull of the values.
  Json in = filter("due", ValueSet::in({Value(t), Value(t + 10 * kDay)}));
  EXPECT_EQ(in["conditions"][0]["value"][1], std::to_string(t - 3 * kDay));
  EXPECT_EQ(in["conditions"][1]["value"][1], std::to_string(t + 13 * kDay));
  // Dates are never exact at Lark.
  EXPECT_FALSE(plan("due", ValueSet::ge(Value(t))).filter_exact);
  // NULL allowed: each bound in its own or-group with isEmpty.
  EXPECT_EQ(filter("due", unite(ValueSet::gt(Value(t)),
                                ValueSet::is_null()))["children"][0]["conditions"][1],
            Json::parse(R"({"field_name":"Due","operator":"isEmpty","value":[]})"));
}

TEST_F(TranslateTest, SingleSelect) {
  EXPECT_EQ(filter("status", ValueSet::eq(Value("Open")))["conditions"],
            Json::parse(R"([{"field_name":"Status","operator":"is","value":["Open"]}])"));
  EXPECT_TRUE(filter("status", ValueSet::ne(Value("Open"))).is_null());
  EXPECT_EQ(
      filter("status", ValueSet::ne(Value("Open")), case_sensitive())["conditions"][0]["operator"],
      "isNot");
  EXPECT_EQ(
      filter("status", ValueSet::in({Value("A"), Value("B")}))["children"][0]["conditions"].size(),
      2u);
}

TEST_F(TranslateTest, EmptinessOnlyAndUnpushableTypes) {
  EXPECT_EQ(filter("owner", ValueSet::is_null())["conditions"],
            Json::parse(R"([{"field_name":"Owner","operator":"isEmpty","value":[]}])"));
  EXPECT_EQ(filter("files", ValueSet::is_not_null())["conditions"],
            Json::parse(R"([{"field_name":"Files","operator":"isNotEmpty","value":[]}])"));
  EXPECT_TRUE(filter("tags", ValueSet::is_null()).is_null());
  EXPECT_TRUE(filter("link", ValueSet::is_null()).is_null());
  EXPECT_TRUE(filter("ticket", ValueSet::eq(Value("17"))).is_null());
  EXPECT_TRUE(filter("total", ValueSet::eq(Value("12"))).is_null());
  EXPECT_TRUE(filter("$reserved_table_id", ValueSet::eq(Value("tbl"))).is_null());
  EXPECT_FALSE(plan("ticket", ValueSet::eq(Value("17"))).filter_exact);
}

TEST_F(TranslateTest, RecordIdsAreFetchedById) {
  Constraints c;
  c.add("$reserved_record_id", ValueSet::in({Value("recB"), Value("recA")}));
  c.add("score", ValueSet::gt(Value(1)));
  PushdownPlan p = translate(c, schema_);
  EXPECT_EQ(p.access, Access::kRecordIds);
  EXPECT_EQ(p.record_ids, (std::vector<std::string>{"recA", "recB"}));
  EXPECT_TRUE(p.query.filter.is_null());
  EXPECT_FALSE(p.filter_exact);  // score is left to the evaluator

  PushdownPlan range = plan("$reserved_record_id", ValueSet::gt(Value("rec")));
  EXPECT_EQ(range.access, Access::kSearch);
  EXPECT_TRUE(range.query.filter.is_null());
  EXPECT_FALSE(range.filter_exact);
}

TEST_F(TranslateTest, ConditionLimitDropsWholeColumns) {
  std::vector<types::Column> columns;
  Constraints c;
  for (int i = 0; i < 26; ++i) {
    std::string name = "n" + std::to_string(i);
    columns.push_back(
        testing::make_column(name, "N" + std::to_string(i), types::FieldKind::kNumber));
    c.add(name, ValueSet::between(Value(i), Value(i + 1)));
  }
  types::TableSchema wide("app", "tbl", columns);
  PushdownPlan p = translate(c, wide);  // 52 conditions: one column must go
  ASSERT_FALSE(p.query.filter.is_null());
  EXPECT_EQ(p.query.filter["conditions"].size(), 50u);
  EXPECT_FALSE(p.filter_exact);
  int unpushed = 0;
  for (const auto& report : p.columns) unpushed += report.pushed ? 0 : 1;
  EXPECT_EQ(unpushed, 1);

  c.columns.erase("n25");
  EXPECT_EQ(translate(c, wide).query.filter["conditions"].size(), 50u);
  EXPECT_TRUE(translate(c, wide).filter_exact);
}

TEST_F(TranslateTest, SortExactnessRule) {
  Constraints c;
  c.order_by.push_back({"score", false, false});
  PushdownPlan unknown = translate(c, schema_);
  EXPECT_FALSE(unknown.order_exact);
  EXPECT_TRUE(unknown.query.sort.is_null());

  TranslateOptions largest;
  largest.lark_empty_placement = EmptyPlacement::kLargest;
  PushdownPlan p = translate(c, schema_, largest);
  EXPECT_TRUE(p.order_exact);
  EXPECT_EQ(p.query.sort, Json::parse(R"([{"field_name":"Score","desc":false}])"));
  c.order_by[0].nulls_first = true;  // SQLite's ASC default: NULLs first
  EXPECT_FALSE(translate(c, schema_, largest).order_exact);
  c.order_by[0].descending = true;  // DESC NULLS FIRST: empties largest → first
  EXPECT_TRUE(translate(c, schema_, largest).order_exact);

  // No NULL can survive the filter: placement does not matter.
  Constraints non_null;
  non_null.add("score", ValueSet::gt(Value(0)));
  non_null.order_by.push_back({"score", true, false});
  EXPECT_TRUE(translate(non_null, schema_).order_exact);

  Constraints created;
  created.order_by.push_back({"created", false, true});
  EXPECT_TRUE(translate(created, schema_).order_exact);

  Constraints text;
  text.add("title", ValueSet::is_not_null());
  text.order_by.push_back({"title", false, false});
  EXPECT_FALSE(translate(text, schema_, largest).order_exact);

  Constraints mixed;
  mixed.order_by = {{"created", false, false}, {"done", false, false}};
  PushdownPlan m = translate(mixed, schema_, largest);
  EXPECT_FALSE(m.order_exact);
  EXPECT_TRUE(m.query.sort.is_null());
}

TEST_F(TranslateTest, PageSizeAndStopAfter) {
  Constraints c;
  c.add("score", ValueSet::gt(Value(1)));
  c.limit = 10;
  PushdownPlan exact = translate(c, schema_);
  EXPECT_EQ(exact.query.page_size, 10);
  EXPECT_EQ(exact.stop_after, 10);

  c.add_like({"title", "%x%"});  // not exact at Lark (case unknown)
  PushdownPlan superset = translate(c, schema_);
  EXPECT_EQ(superset.query.page_size, 500);
  EXPECT_EQ(superset.stop_after, 10);  // the reader still stops at 10 matching rows

  Constraints sorted;
  sorted.limit = 5;
  sorted.order_by.push_back({"title", false, false});
  PushdownPlan s = translate(sorted, schema_);
  EXPECT_EQ(s.query.page_size, 500);
  EXPECT_FALSE(s.stop_after.has_value());

  Constraints zero;
  zero.limit = 0;
  EXPECT_EQ(translate(zero, schema_).access, Access::kNothing);
  Constraints large;
  large.limit = 100000;
  EXPECT_EQ(translate(large, schema_).query.page_size, 500);
}

TEST_F(TranslateTest, FieldNamesCoverProjectionFiltersAndSort) {
  Constraints c;
  c.needed_columns = std::vector<std::string>{"title", "$reserved_record_id"};
  c.add("score", ValueSet::gt(Value(1)));
  c.order_by.push_back({"created", false, false});
  EXPECT_EQ(translate(c, schema_).query.field_names,
            (std::vector<std::string>{"Title", "Score", "Created"}));
  Constraints count;
  count.needed_columns.emplace();
  EXPECT_EQ(translate(count, schema_).query.field_names, (std::vector<std::string>{"Title"}));
  EXPECT_FALSE(translate(Constraints{}, schema_).query.field_names.has_value());
}

TEST_F(TranslateTest, ExplainNamesEveryDecision) {
  Constraints c;
  c.add("score", unite(ValueSet::gt(Value(5)), ValueSet::is_null()));
  c.add("title", ValueSet::ne(Value("x")));
  c.limit = 3;
  PushdownPlan p = translate(c, schema_);
  std::string text;
  for (const auto& line : explain_lines(p)) text += line + "\n";
  EXPECT_NE(text.find("score > 5 OR score IS NULL: pushed, exact"), std::string::npos) << text;
  EXPECT_NE(text.find("title <> 'x': not pushed"), std::string::npos) << text;
  Json json = explain_json(p);
  EXPECT_EQ(json["access"], "search");
  EXPECT_EQ(json["columns"].size(), 2u);
  EXPECT_EQ(json["filter"], p.query.filter);
}

using testing::where;

TEST_F(TranslateTest, AnOrAcrossColumnsIsOneOrGroup) {
  Constraints c;
  c.add_any_of({where("score", ValueSet::gt(Value(5))), where("rating", ValueSet::eq(Value(3)))});
  const PushdownPlan p = translate(c, schema_);
  EXPECT_EQ(p.query.filter, Json::parse(R"({"conjunction":"and","conditions":[],"children":[
      {"conjunction":"or","conditions":[
        {"field_name":"Score","operator":"isGreater","value":["5"]},
        {"field_name":"Rating","operator":"is","value":["3"]}]}]})"));
  EXPECT_TRUE(p.filter_exact);
  ASSERT_EQ(p.columns.size(), 1u);
  EXPECT_EQ(p.columns[0].constraint, "(score > 5 OR rating = 3)");
  EXPECT_TRUE(p.columns[0].pushed);
  // A branch pushed as a superset (text `is` on a case-insensitive Lark) keeps the
  // group a superset; an IN branch joins the group with its own conditions.
  Constraints text;
  text.add_any_of({where("title", ValueSet::eq(Value("a"))),
                   where("score", ValueSet::in({Value(1), Value(2)}))});
  const PushdownPlan q = translate(text, schema_);
  EXPECT_FALSE(q.filter_exact);
  EXPECT_EQ(q.query.filter["children"][0]["conditions"].size(), 3u) << q.query.filter.dump();
}

TEST_F(TranslateTest, AnOrWithAnAndInsideIsLeftToTheReaderButItsImpliedSetIsPushed) {
  Constraints both = where("score", ValueSet::gt(Value(5)));
  both.add("rating", ValueSet::eq(Value(3)));
  Constraints c;
  c.add_any_of({both, where("score", ValueSet::lt(Value(1)))});
  const PushdownPlan p = translate(c, schema_);
  EXPECT_FALSE(p.filter_exact);
  const std::string filter = p.query.filter.dump();
  EXPECT_NE(filter.find("Score"), std::string::npos) << "score > 5 OR score < 1 holds for both";
  EXPECT_EQ(filter.find("Rating"), std::string::npos) << filter;
  bool reported = false;
  for (const auto& column : p.columns) {
    if (column.column.rfind("any of:", 0) != 0) continue;
    reported = true;
    EXPECT_FALSE(column.pushed);
    ASSERT_FALSE(column.notes.empty());
    EXPECT_NE(column.notes[0].find("AND inside the OR"), std::string::npos) << column.notes[0];
  }
  EXPECT_TRUE(reported);
  // A branch on a column Lark cannot filter (a formula) cannot be pushed either.
  Constraints formula;
  formula.add_any_of(
      {where("total", ValueSet::gt(Value(1))), where("score", ValueSet::gt(Value(5)))});
  EXPECT_TRUE(translate(formula, schema_).query.filter.is_null());
  EXPECT_FALSE(translate(formula, schema_).filter_exact);
}

TEST_F(TranslateTest, NotLikeIsLeftToTheReader) {
  Constraints c;
  c.add("score", ValueSet::gt(Value(5)));
  c.add_like({"title", "%ab%", false, true});
  const PushdownPlan p = translate(c, schema_);
  EXPECT_EQ(p.query.filter.dump().find("Title"), std::string::npos) << p.query.filter.dump();
  EXPECT_FALSE(p.filter_exact);
  bool reported = false;
  for (const auto& column : p.columns) {
    if (column.column != "title") continue;
    reported = true;
    EXPECT_EQ(column.constraint, "title NOT LIKE '%ab%'");
    EXPECT_FALSE(column.pushed);
  }
  EXPECT_TRUE(reported);
}

TEST_F(TranslateTest, AnOrWhoseBranchesAdmitNothingNeedsNoCall) {
  Constraints c;
  c.add_any_of({where("score", ValueSet::none()), where("rating", ValueSet::none())});
  EXPECT_EQ(translate(c, schema_).access, Access::kNothing);
  Constraints one;
  one.add_any_of({where("score", ValueSet::none()), where("rating", ValueSet::eq(Value(3)))});
  EXPECT_EQ(translate(one, schema_).query.filter["children"][0]["conditions"],
            Json::parse(R"([{"field_name":"Rating","operator":"is","value":["3"]}])"));
}

}  // namespace
}  // namespace larkbase::pushdown
