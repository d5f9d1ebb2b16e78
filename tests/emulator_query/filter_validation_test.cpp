// Every rejection compile_filter makes, with the Lark code it answers with.
#include "query_fixtures.hpp"

namespace larkbase::emulator::query::testing {
namespace {

constexpr int kInvalidFilter = 1254018;
constexpr int kFieldNameNotFound = 1254045;

TEST(FilterValidation, NullAndEmptyFiltersMatchEverything) {
  for (const Json& filter : {Json(nullptr), Json::object(), Json{{"conjunction", "and"}},
                             Json{{"conjunction", "or"}, {"conditions", Json::array()}}}) {
    CompiledFilter compiled = compile_filter(filter, all_fields(), {});
    EXPECT_TRUE(compiled.matches_everything()) << filter;
    EXPECT_TRUE(compiled.matches(Json::object())) << filter;
  }
}

TEST(FilterValidation, FilterMustBeAnObject) {
  EXPECT_EQ(filter_error(Json::array()), kInvalidFilter);
  EXPECT_EQ(filter_error("x"), kInvalidFilter);
}

TEST(FilterValidation, ConjunctionMustBeAndOrOr) {
  Json conditions = Json::array({cond("Score", "is", {"1"})});
  EXPECT_EQ(filter_error({{"conditions", conditions}}), kInvalidFilter);  // missing
  EXPECT_EQ(filter_error({{"conjunction", "AND"}, {"conditions", conditions}}), kInvalidFilter);
  EXPECT_EQ(filter_error({{"conjunction", "xor"}, {"conditions", conditions}}), kInvalidFilter);
  EXPECT_EQ(filter_error({{"conjunction", 1}, {"conditions", conditions}}), kInvalidFilter);
  EXPECT_EQ(filter_error({{"conjunction", "or"}, {"conditions", conditions}}), 0);
  Json child = {{"conjunction", "nand"}, {"conditions", conditions}};
  EXPECT_EQ(filter_error({{"conjunction", "and"}, {"children", Json::array({child})}}),
            kInvalidFilter);
}

TEST(FilterValidation, ConditionsAndChildrenMustBeArrays) {
  EXPECT_EQ(filter_error({{"conjunction", "and"}, {"conditions", Json::object()}}), kInvalidFilter);
  EXPECT_EQ(filter_error({{"conjunction", "and"}, {"children", "x"}}), kInvalidFilter);
  EXPECT_EQ(filter_error({{"conjunction", "and"}, {"children", Json::array({1})}}), kInvalidFilter);
  EXPECT_EQ(filter_error(and_of(Json::array({"Score"}))), kInvalidFilter);
}

TEST(FilterValidation, ConditionNeedsStringFieldNameAndOperator) {
  EXPECT_EQ(filter_error(and_of(Json::array({{{"operator", "is"}, {"value", {"1"}}}}))),
            kInvalidFilter);
  EXPECT_EQ(filter_error(and_of(Json::array({{{"field_name", "Score"}, {"value", {"1"}}}}))),
            kInvalidFilter);
  EXPECT_EQ(condition_error("", "is", {"1"}), kInvalidFilter);
  EXPECT_EQ(condition_error(std::string(1001, 'x'), "is", {"1"}), kInvalidFilter);
}

TEST(FilterValidation, UnknownFieldNameIs1254045) {
  EXPECT_EQ(condition_error("Nope", "is", {"1"}), kFieldNameNotFound);
  EXPECT_EQ(condition_error("score", "is", {"1"}), kFieldNameNotFound);  // names are case-sensitive
  Json child = or_of(Json::array({cond("Missing", "isEmpty", Json::array())}));
  EXPECT_EQ(filter_error({{"conjunction", "and"}, {"children", Json::array({child})}}),
            kFieldNameNotFound);
}

TEST(FilterValidation, LikeAndInAreRejected) {
  EXPECT_EQ(condition_error("Title", "like", {"a"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Status", "in", {"a", "b"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Title", "equals", {"a"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Title", "IS", {"a"}), kInvalidFilter);
}

TEST(FilterValidation, DatesAllowOnlyIsEmptinessGreaterAndLess) {
  for (const char* field_name : {"Due", "Created", "Modified"}) {
    for (const char* op :
         {"isNot", "contains", "doesNotContain", "isGreaterEqual", "isLessEqual"}) {
      EXPECT_EQ(condition_error(field_name, op, {"Today"}), kInvalidFilter) << field_name << op;
    }
    for (const char* op : {"is", "isGreater", "isLess"}) {
      EXPECT_EQ(condition_error(field_name, op, {"Today"}), 0) << field_name << op;
    }
    EXPECT_EQ(condition_error(field_name, "isEmpty", Json::array()), 0);
    EXPECT_EQ(condition_error(field_name, "isNotEmpty", Json::array()), 0);
  }
}

TEST(FilterValidation, DateValueForms) {
  EXPECT_EQ(condition_error("Due", "is", {"ExactDate", "1702449755000"}), 0);
  EXPECT_EQ(condition_error("Due", "is", {"ExactDate", "-86400000"}), 0);
  EXPECT_EQ(condition_error("Due", "is", {"ExactDate"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Due", "is", {"ExactDate", "2023-12-13"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Due", "is", {"ExactDate", "17024.5"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Due", "is", {"Exactdate", "1702449755000"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Due", "is", {"1702449755000"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Due", "is", {"today"}), kInvalidFilter);  // case-sensitive
  EXPECT_EQ(condition_error("Due", "is", Json::array()), kInvalidFilter);
  EXPECT_EQ(condition_error("Due", "is", {"Today", "Tomorrow"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Due", "is", {"ExactDate", "1", "2"}), kInvalidFilter);
}

TEST(FilterValidation, RangeKeywordsAreForIsOnly) {
  for (const char* keyword : {"CurrentWeek", "LastWeek", "CurrentMonth", "LastMonth", "TheLastWeek",
                              "TheNextWeek", "TheLastMonth", "TheNextMonth"}) {
    EXPECT_EQ(condition_error("Due", "is", {keyword}), 0) << keyword;
    EXPECT_EQ(condition_error("Due", "isGreater", {keyword}), kInvalidFilter) << keyword;
    EXPECT_EQ(condition_error("Due", "isLess", {keyword}), kInvalidFilter) << keyword;
  }
  for (const char* keyword : {"Today", "Tomorrow", "Yesterday"}) {
    EXPECT_EQ(condition_error("Due", "isGreater", {keyword}), 0) << keyword;
    EXPECT_EQ(condition_error("Due", "isLess", {keyword}), 0) << keyword;
  }
}

TEST(FilterValidation, CheckboxAllowsOnlyIsWithTrueOrFalse) {
  EXPECT_EQ(condition_error("Done", "is", {"true"}), 0);
  EXPECT_EQ(condition_error("Done", "is", {"false"}), 0);
  for (const char* op : {"isNot", "contains", "doesNotContain", "isGreater", "isLess"}) {
    EXPECT_EQ(condition_error("Done", op, {"true"}), kInvalidFilter) << op;
  }
  EXPECT_EQ(condition_error("Done", "isEmpty", Json::array()), kInvalidFilter);
  EXPECT_EQ(condition_error("Done", "isNotEmpty", Json::array()), kInvalidFilter);
  EXPECT_EQ(condition_error("Done", "is", {"TRUE"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Done", "is", {"1"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Done", "is", Json::array()), kInvalidFilter);
  EXPECT_EQ(condition_error("Done", "is", {"true", "false"}), kInvalidFilter);
}

TEST(FilterValidation, AttachmentAllowsOnlyEmptinessTests) {
  EXPECT_EQ(condition_error("Files", "isEmpty", Json::array()), 0);
  EXPECT_EQ(condition_error("Files", "isNotEmpty", Json::array()), 0);
  for (const char* op : {"is", "isNot", "contains", "doesNotContain", "isGreater"}) {
    EXPECT_EQ(condition_error("Files", op, {"boxcnX"}), kInvalidFilter) << op;
  }
}

TEST(FilterValidation, EmptinessNeedsAnExplicitEmptyValueList) {
  Json without_value = {{"field_name", "Title"}, {"operator", "isEmpty"}};
  EXPECT_EQ(filter_error(and_of(Json::array({without_value}))), kInvalidFilter);
  Json null_value = {{"field_name", "Title"}, {"operator", "isNotEmpty"}, {"value", nullptr}};
  EXPECT_EQ(filter_error(and_of(Json::array({null_value}))), kInvalidFilter);
  EXPECT_EQ(condition_error("Title", "isEmpty", {"x"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Title", "isEmpty", Json::array()), 0);
}

TEST(FilterValidation, ValueMustBeAnArrayOfStrings) {
  EXPECT_EQ(condition_error("Score", "is", "1"), kInvalidFilter);
  EXPECT_EQ(condition_error("Score", "is", {1}), kInvalidFilter);
  EXPECT_EQ(condition_error("Tags", "contains", {"a", nullptr}), kInvalidFilter);
  Json without_value = {{"field_name", "Score"}, {"operator", "is"}};
  EXPECT_EQ(filter_error(and_of(Json::array({without_value}))), kInvalidFilter);
}

TEST(FilterValidation, AtMostTenValues) {
  Json ten = Json::array();
  for (int i = 0; i < 10; ++i) ten.push_back("v" + std::to_string(i));
  Json eleven = ten;
  eleven.push_back("v10");
  EXPECT_EQ(condition_error("Tags", "contains", ten), 0);
  EXPECT_EQ(condition_error("Tags", "contains", eleven), kInvalidFilter);
  EXPECT_EQ(condition_error("Owner", "doesNotContain", eleven), kInvalidFilter);
}

TEST(FilterValidation, ScalarFieldsTakeAtMostOneValue) {
  for (const char* field_name :
       {"Title", "Code", "Mail", "Score", "Phone", "Site", "Where", "Ticket"}) {
    EXPECT_EQ(condition_error(field_name, "is", {"1", "2"}), kInvalidFilter) << field_name;
    EXPECT_EQ(condition_error(field_name, "is", {"1"}), 0) << field_name;
  }
}

TEST(FilterValidation, NumbersMustParse) {
  EXPECT_EQ(condition_error("Score", "isGreater", {"3.5"}), 0);
  EXPECT_EQ(condition_error("Score", "isGreater", {"-1e3"}), 0);
  EXPECT_EQ(condition_error("Score", "isGreater", {"abc"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Score", "is", {"1,000"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Score", "is", {"inf"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Score", "is", {""}), kInvalidFilter);
}

TEST(FilterValidation, ComparisonsOnlyOnNumbersAutoNumbersAndDates) {
  for (const char* field_name :
       {"Title", "Phone", "Site", "Where", "Status", "Tags", "Owner", "Parent", "Chat"}) {
    EXPECT_EQ(condition_error(field_name, "isGreater", {"1"}), kInvalidFilter) << field_name;
  }
  EXPECT_EQ(condition_error("Score", "contains", {"1"}), kInvalidFilter);
  EXPECT_EQ(condition_error("Ticket", "isLessEqual", {"5"}), 0);
}

TEST(FilterValidation, SelectPersonLinkAndGroupIsTakesExactlyOneValue) {
  for (const char* field_name :
       {"Status", "Tags", "Owner", "Creator", "Parent", "Related", "Chat"}) {
    EXPECT_EQ(condition_error(field_name, "is", {"a", "b"}), kInvalidFilter) << field_name;
    EXPECT_EQ(condition_error(field_name, "isNot", Json::array()), kInvalidFilter) << field_name;
    EXPECT_EQ(condition_error(field_name, "is", {"a"}), 0) << field_name;
    EXPECT_EQ(condition_error(field_name, "contains", {"a", "b", "c"}), 0) << field_name;
  }
  Semantics relaxed;
  relaxed.single_value_is = false;
  EXPECT_EQ(condition_error("Tags", "is", {"a", "b"}, relaxed), 0);
  EXPECT_EQ(condition_error("Status", "is", {"a", "b"}, relaxed), kInvalidFilter);
}

TEST(FilterValidation, FormulaLookupAndUnsupportedFieldsCannotBeFiltered) {
  for (const char* field_name : {"Total", "Lookup", "Flow", "Go"}) {
    EXPECT_EQ(condition_error(field_name, "isEmpty", Json::array()), kInvalidFilter) << field_name;
    EXPECT_EQ(condition_error(field_name, "is", {"1"}), kInvalidFilter) << field_name;
  }
}

TEST(FilterValidation, AtMostFiftyConditionsInTotal) {
  auto conditions = [](int count) {
    Json list = Json::array();
    for (int i = 0; i < count; ++i) list.push_back(cond("Score", "isGreater", {std::to_string(i)}));
    return list;
  };
  EXPECT_EQ(filter_error(and_of(conditions(50))), 0);
  EXPECT_EQ(filter_error(and_of(conditions(51))), kInvalidFilter);
  // 30 at the top and 21 in children also exceed the limit.
  Json split = and_of(conditions(30));
  split["children"] = Json::array({or_of(conditions(11)), or_of(conditions(10))});
  EXPECT_EQ(filter_error(split), kInvalidFilter);
  split["children"] = Json::array({or_of(conditions(10)), or_of(conditions(10))});
  EXPECT_EQ(filter_error(split), 0);
}

TEST(FilterValidation, OnlyOneLevelOfChildren) {
  Json grandchild = or_of(Json::array({cond("Score", "is", {"1"})}));
  Json child = or_of(Json::array({cond("Score", "is", {"2"})}));
  child["children"] = Json::array({grandchild});
  EXPECT_EQ(filter_error({{"conjunction", "and"}, {"children", Json::array({child})}}),
            kInvalidFilter);
  child["children"] = Json::array();  // an empty list nests nothing
  EXPECT_EQ(filter_error({{"conjunction", "and"}, {"children", Json::array({child})}}), 0);
}

TEST(FilterValidation, ErrorsCarryTheConfiguredStatusAndAHelpfulMessage) {
  Semantics semantics;
  semantics.error_http_status = 400;
  try {
    compile_filter(and_of(Json::array({cond("Due", "isNot", {"Today"})})), all_fields(), semantics);
    FAIL() << "expected a rejection";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.http_status, 400);
    EXPECT_EQ(error.code, kInvalidFilter);
    EXPECT_NE(error.msg.find("Due"), std::string::npos) << error.msg;
    EXPECT_NE(error.msg.find("isNot"), std::string::npos) << error.msg;
    EXPECT_STREQ(error.what(), error.msg.c_str());
  }
  try {
    compile_filter(and_of(Json::array({cond("Nope", "is", {"1"})})), all_fields(), {});
    FAIL() << "expected a rejection";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.http_status, 200);
    EXPECT_NE(error.msg.find("Nope"), std::string::npos) << error.msg;
  }
}

}  // namespace
}  // namespace larkbase::emulator::query::testing
