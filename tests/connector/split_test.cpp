#include <gtest/gtest.h>

#include "common/error.hpp"
#include "connector/connector.hpp"
#include "connector/planner.hpp"
#include "test_table.hpp"

namespace larkbase::connector {
namespace {

using pushdown::ValueSet;

Split full_split() {
  Split split;
  split.schema = "sales";
  split.table = "orders";
  split.table_schema = testing::test_table();
  split.columns = {"name", "amount", "$reserved_record_id"};
  split.query.filter = {
      {"conjunction", "and"},
      {"conditions", {{{"field_name", "Amount"}, {"operator", "isGreater"}, {"value", {"5"}}}}}};
  split.query.sort = common::Json::array({{{"field_name", "Amount"}, {"desc", true}}});
  split.query.page_size = 37;
  split.query.field_names = std::vector<std::string>{"Name", "Amount"};
  split.record_ids = {"recA", "recB"};
  split.constraints.add("amount", ValueSet::gt(pushdown::Value(5.0)));
  split.constraints.add("name", ValueSet::in({pushdown::Value("a"), pushdown::Value("b")}));
  split.constraints.add_like({"name", "%x_", false});
  split.constraints.limit = 12;
  split.constraints.order_by = {{"amount", true, false}};
  split.constraints.needed_columns = std::vector<std::string>{"name", "amount"};
  split.limit = 12;
  return split;
}

TEST(SplitJson, RoundTripsEveryField) {
  Split split = full_split();
  common::Json json = split.to_json();
  // Through text, as it travels between processes.
  Split back = Split::from_json(common::Json::parse(json.dump()));
  EXPECT_EQ(back.schema, "sales");
  EXPECT_EQ(back.table, "orders");
  EXPECT_EQ(back.app_token(), "appT");
  EXPECT_EQ(back.table_id(), "tblT");
  EXPECT_EQ(types::to_json(back.table_schema), types::to_json(split.table_schema));
  EXPECT_EQ(back.columns, split.columns);
  EXPECT_EQ(back.query.filter, split.query.filter);
  EXPECT_EQ(back.query.sort, split.query.sort);
  EXPECT_EQ(back.query.page_size, 37);
  EXPECT_EQ(back.query.field_names, split.query.field_names);
  EXPECT_EQ(back.record_ids, split.record_ids);
  EXPECT_EQ(pushdown::to_json(back.constraints), pushdown::to_json(split.constraints));
  EXPECT_EQ(back.limit, std::optional<int64_t>(12));
  EXPECT_EQ(back.to_json(), json);
}

TEST(SplitJson, RoundTripsAbsentOptionals) {
  Split split = full_split();
  split.query.filter = nullptr;
  split.query.sort = nullptr;
  split.query.field_names.reset();
  split.limit.reset();
  split.record_ids.clear();
  Split back = Split::from_json(split.to_json());
  EXPECT_TRUE(back.query.filter.is_null());
  EXPECT_TRUE(back.query.sort.is_null());
  EXPECT_FALSE(back.query.field_names.has_value());
  EXPECT_FALSE(back.limit.has_value());
  EXPECT_TRUE(back.record_ids.empty());
}

TEST(SplitJson, RejectsForeignJson) {
  EXPECT_THROW(Split::from_json(common::Json::array()), common::UserError);
  common::Json json = full_split().to_json();
  json.erase("table_schema");
  EXPECT_THROW(Split::from_json(json), common::UserError);
  json = full_split().to_json();
  json["version"] = 99;
  EXPECT_THROW(Split::from_json(json), common::UserError);
  json = full_split().to_json();
  json["query"]["page_size"] = "big";
  EXPECT_THROW(Split::from_json(json), common::UserError);
  json = full_split().to_json();
  json["query"].erase("sort");
  EXPECT_THROW(Split::from_json(json), common::UserError);
}

ScanRequest request_of(pushdown::Constraints constraints, std::vector<std::string> columns = {}) {
  ScanRequest request;
  request.schema = "s";
  request.table = "t";
  request.constraints = std::move(constraints);
  request.columns = std::move(columns);
  return request;
}

TEST(Planner, OneSplitWithAllColumnsByDefault) {
  auto schema = testing::test_table();
  auto plan = make_scan_plan("s", "t", schema, request_of({}), {});
  ASSERT_EQ(plan.splits.size(), 1u);
  EXPECT_EQ(plan.splits[0].columns.size(), schema.columns().size());
  EXPECT_FALSE(plan.splits[0].query.field_names.has_value());
  EXPECT_TRUE(plan.exact);
  EXPECT_FALSE(plan.limit_applied);
}

TEST(Planner, LimitZeroPlansNoSplit) {
  pushdown::Constraints constraints;
  constraints.limit = 0;
  auto plan = make_scan_plan("s", "t", testing::test_table(), request_of(constraints), {});
  EXPECT_TRUE(plan.splits.empty());
}

TEST(Planner, RecordIdsBecomeABatchGetSplit) {
  pushdown::Constraints constraints;
  constraints.add("$reserved_record_id",
                  ValueSet::in({pushdown::Value("rec1"), pushdown::Value("rec2")}));
  auto plan = make_scan_plan("s", "t", testing::test_table(), request_of(constraints), {});
  ASSERT_EQ(plan.splits.size(), 1u);
  EXPECT_EQ(plan.splits[0].record_ids, (std::vector<std::string>{"rec1", "rec2"}));
  EXPECT_TRUE(plan.splits[0].query.filter.is_null());
}

TEST(Planner, ProjectionNarrowsFieldNamesButKeepsConstrainedColumns) {
  pushdown::Constraints constraints;
  constraints.add("amount", ValueSet::gt(pushdown::Value(int64_t{3})));
  auto plan =
      make_scan_plan("s", "t", testing::test_table(), request_of(constraints, {"name"}), {});
  ASSERT_EQ(plan.splits.size(), 1u);
  EXPECT_EQ(plan.splits[0].columns, std::vector<std::string>{"name"});
  ASSERT_TRUE(plan.splits[0].query.field_names.has_value());
  auto names = *plan.splits[0].query.field_names;
  EXPECT_NE(std::find(names.begin(), names.end(), "Amount"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "Name"), names.end());
  EXPECT_FALSE(plan.splits[0].query.filter.is_null());
}

TEST(Planner, NoPushdownSendsNothingButStillLimitsWithoutOrder) {
  pushdown::Constraints constraints;
  constraints.add("amount", ValueSet::gt(pushdown::Value(int64_t{3})));
  constraints.limit = 5;
  ConnectorOptions options;
  options.pushdown = false;
  auto plan = make_scan_plan("s", "t", testing::test_table(), request_of(constraints), options);
  ASSERT_EQ(plan.splits.size(), 1u);
  EXPECT_TRUE(plan.splits[0].query.filter.is_null());
  EXPECT_EQ(plan.splits[0].query.page_size, 500);
  EXPECT_EQ(plan.splits[0].limit, std::optional<int64_t>(5));
  EXPECT_TRUE(plan.exact);  // the evaluator handles a number range exactly
}

TEST(Planner, UnknownColumnsAreUserErrorsNamingTheTable) {
  pushdown::Constraints constraints;
  constraints.add("nope", ValueSet::is_null());
  try {
    make_scan_plan("s", "t", testing::test_table(), request_of(constraints), {});
    FAIL();
  } catch (const common::UserError& error) {
    EXPECT_NE(std::string(error.what()).find("s.t"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("nope"), std::string::npos);
  }
  EXPECT_THROW(make_scan_plan("s", "t", testing::test_table(), request_of({}, {"zzz"}), {}),
               common::UserError);
}

}  // namespace
}  // namespace larkbase::connector
