// Athena constraints → pushdown::Constraints: the fixtures' value sets, and
// expressions built with our own writer (the node tests build them with apache-arrow).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "athena/constraints_mapping.hpp"
#include "athena/message.hpp"
#include "columnar/builder.hpp"

namespace larkbase::athena {
namespace {

using pushdown::Value;

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(LARKBASE_FIXTURE_DIR) / name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AthenaConstraintsTest, SummaryValueSetsOfTheFixture) {
  const Message message = parse_message(read_fixture("v2/ReadRecordsRequest.json"));
  const pushdown::Constraints constraints = to_pushdown(message, message.body["constraints"]);
  ASSERT_EQ(constraints.columns.size(), 3u);
  // col4: NOT IN (1.1), NULL allowed.
  const pushdown::RangeSet col4 = constraints.columns.at("col4").canonical();
  EXPECT_TRUE(col4.null_allowed);
  EXPECT_FALSE(col4.contains(Value(1.1)));
  EXPECT_TRUE(col4.contains(Value(1.2)));
  // col5: no non-null value, NULL allowed.
  EXPECT_TRUE(constraints.columns.at("col5").canonical().is_only_null());
  // col3: > -10000, no NULL.
  const pushdown::RangeSet col3 = constraints.columns.at("col3").canonical();
  EXPECT_FALSE(col3.null_allowed);
  EXPECT_FALSE(col3.contains(Value(-10000.0)));
  EXPECT_TRUE(col3.contains(Value(-9999.5)));
  EXPECT_TRUE(col3.contains(Value(1e300)));
  EXPECT_FALSE(constraints.limit.has_value());
}

TEST(AthenaConstraintsTest, OrderByAndLimitOfV4) {
  std::string text = read_fixture("v4/ReadRecordsRequest.json");
  Message message = parse_message(text);
  // The fixture's expression (col3 + 10 > col2) cannot be pushed: the request fails whole.
  try {
    to_pushdown(message, message.body["constraints"]);
    FAIL() << "an unpushable expression was accepted";
  } catch (const common::UserError& error) {
    EXPECT_NE(std::string(error.what()).find("$greater_than"), std::string::npos) << error.what();
  }
  message.body["constraints"]["expression"] = WireJson::array();
  message.body["constraints"]["limit"] = 7;
  const pushdown::Constraints constraints = to_pushdown(message, message.body["constraints"]);
  ASSERT_EQ(constraints.order_by.size(), 2u);
  EXPECT_EQ(constraints.order_by[0].column, "col3");
  EXPECT_FALSE(constraints.order_by[0].descending);
  EXPECT_TRUE(constraints.order_by[0].nulls_first);
  EXPECT_TRUE(constraints.order_by[1].descending);
  EXPECT_EQ(constraints.limit, 7);
}

class AthenaExpressionTest : public ::testing::Test {
 protected:
  WireJson variable(const std::string& column) {
    return {{"@type", "VariableExpression"}, {"columnName", column}, {"type", {{"@type", "Utf8"}}}};
  }
  WireJson constant(std::vector<int64_t> values) {
    columnar::PrimitiveBuilder<int64_t> builder(columnar::int64_type());
    for (int64_t v : values) builder.append(v);
    auto schema = std::make_shared<const columnar::Schema>(
        columnar::Schema{{{"col1", columnar::int64_type(), true}}, {}});
    columnar::RecordBatch batch{schema, int64_t(values.size()), {builder.finish()}};
    WireJson out = WireJson::object();
    out["@type"] = "ConstantExpression";
    out["valueBlock"] = message_.add_block(schema, batch);
    out["type"] = {{"@type", "Int"}, {"bitWidth", 64}, {"isSigned", true}};
    return out;
  }
  // column LIKE pattern, the pattern a varchar constant.
  WireJson like(const std::string& column, const std::string& pattern) {
    columnar::StringBuilder builder;
    builder.append(pattern);
    auto schema = std::make_shared<const columnar::Schema>(
        columnar::Schema{{{"col1", columnar::utf8_type(), true}}, {}});
    columnar::RecordBatch batch{schema, 1, {builder.finish()}};
    WireJson value = WireJson::object();
    value["@type"] = "ConstantExpression";
    value["valueBlock"] = message_.add_block(schema, batch);
    value["type"] = {{"@type", "Utf8"}};
    return call("$like_pattern", {variable(column), value});
  }
  WireJson call(const std::string& name, std::vector<WireJson> args) {
    WireJson out = WireJson::object();
    out["@type"] = "FunctionCallExpression";
    out["type"] = {{"@type", "Bool"}};
    out["functionName"] = {{"functionName", name}};
    out["arguments"] = args;
    return out;
  }
  pushdown::Constraints apply(const WireJson& expression) {
    pushdown::Constraints out;
    add_expression(message_, expression, out);
    return out;
  }
  Message message_;
};

TEST_F(AthenaExpressionTest, ComparisonsInNotAndOr) {
  auto c = apply(call("$and", {call("$greater_than", {constant({5}), variable("a")}),
                               call("$in", {variable("b"), constant({1, 2, 3})})}));
  EXPECT_TRUE(c.columns.at("a").canonical().contains(Value(4)));
  EXPECT_FALSE(c.columns.at("a").canonical().contains(Value(5)));
  EXPECT_TRUE(c.columns.at("b").canonical().contains(Value(2)));
  EXPECT_FALSE(c.columns.at("b").canonical().contains(Value(4)));

  c = apply(call(
      "$or", {call("$equal", {variable("a"), constant({1})}), call("$is_null", {variable("a")})}));
  EXPECT_TRUE(c.columns.at("a").canonical().contains(Value()));
  EXPECT_TRUE(c.columns.at("a").canonical().contains(Value(1)));
  EXPECT_FALSE(c.columns.at("a").canonical().contains(Value(2)));

  c = apply(call("$not", {call("$in", {variable("a"), constant({1, 2})})}));
  EXPECT_FALSE(c.columns.at("a").canonical().contains(Value(1)));
  EXPECT_TRUE(c.columns.at("a").canonical().contains(Value(3)));
  EXPECT_FALSE(c.columns.at("a").canonical().contains(Value()));

  c = apply(call("$not", {call("$is_null", {variable("a")})}));
  EXPECT_FALSE(c.columns.at("a").canonical().null_allowed);
}

TEST_F(AthenaExpressionTest, AnOrAcrossColumnsIsAnOrOfConjunctions) {
  // (a = 1 AND b = 2) OR a = 3 OR c LIKE 'x%'
  pushdown::Constraints c =
      apply(call("$or", {call("$and", {call("$equal", {variable("a"), constant({1})}),
                                       call("$equal", {variable("b"), constant({2})})}),
                         call("$equal", {variable("a"), constant({3})}), like("c", "x%")}));
  ASSERT_EQ(c.any_of.size(), 1u);
  const auto& branches = c.any_of[0].branches;
  ASSERT_EQ(branches.size(), 3u);
  EXPECT_EQ(branches[0].columns.size(), 2u);
  EXPECT_TRUE(branches[1].columns.at("a").canonical().contains(Value(3)));
  ASSERT_EQ(branches[2].likes.size(), 1u);
  EXPECT_EQ(branches[2].likes[0].pattern, "x%");
  EXPECT_TRUE(c.columns.empty()) << "no column is in every branch";

  // Both branches constrain a: a IN (1, 3) is implied and pushed as a plain set.
  c = apply(call("$or", {call("$and", {call("$equal", {variable("a"), constant({1})}),
                                       call("$equal", {variable("b"), constant({2})})}),
                         call("$equal", {variable("a"), constant({3})})}));
  ASSERT_EQ(c.columns.count("a"), 1u);
  EXPECT_TRUE(c.columns.at("a").canonical().contains(Value(1)));
  EXPECT_FALSE(c.columns.at("a").canonical().contains(Value(2)));
}

TEST_F(AthenaExpressionTest, NotIsCarriedToTheLeavesByDeMorgan) {
  // NOT (a = 1 OR b < 2) = a <> 1 AND b >= 2: neither admits NULL.
  pushdown::Constraints c =
      apply(call("$not", {call("$or", {call("$equal", {variable("a"), constant({1})}),
                                       call("$less_than", {variable("b"), constant({2})})})}));
  EXPECT_TRUE(c.any_of.empty());
  EXPECT_FALSE(c.columns.at("a").canonical().contains(Value(1)));
  EXPECT_TRUE(c.columns.at("a").canonical().contains(Value(0)));
  EXPECT_FALSE(c.columns.at("a").canonical().null_allowed);
  EXPECT_FALSE(c.columns.at("b").canonical().contains(Value(1)));
  EXPECT_TRUE(c.columns.at("b").canonical().contains(Value(2)));
  EXPECT_FALSE(c.columns.at("b").canonical().null_allowed);

  // NOT (a IS NULL AND c LIKE 'x%') = a IS NOT NULL OR c NOT LIKE 'x%'.
  c = apply(call("$not", {call("$and", {call("$is_null", {variable("a")}), like("c", "x%")})}));
  ASSERT_EQ(c.any_of.size(), 1u);
  const auto& branches = c.any_of[0].branches;
  ASSERT_EQ(branches.size(), 2u);
  EXPECT_FALSE(branches[0].columns.at("a").canonical().null_allowed);
  EXPECT_TRUE(branches[0].columns.at("a").canonical().contains(Value(5)));
  ASSERT_EQ(branches[1].likes.size(), 1u);
  EXPECT_TRUE(branches[1].likes[0].negated);

  // NOT NOT (a >= 3), and NOT of a comparison written constant first (NOT 3 > a = a >= 3).
  c = apply(call("$not",
                 {call("$not", {call("$greater_than_or_equal", {variable("a"), constant({3})})})}));
  EXPECT_TRUE(c.columns.at("a").canonical().contains(Value(3)));
  EXPECT_FALSE(c.columns.at("a").canonical().contains(Value(2)));
  c = apply(call("$not", {call("$greater_than", {constant({3}), variable("a")})}));
  EXPECT_TRUE(c.columns.at("a").canonical().contains(Value(3)));
  EXPECT_FALSE(c.columns.at("a").canonical().contains(Value(2)));
  EXPECT_FALSE(c.columns.at("a").canonical().null_allowed);
}

TEST_F(AthenaExpressionTest, WhatCannotBeRepresentedFailsWhole) {
  EXPECT_THROW(apply(call("$not", {call("$add", {variable("b"), constant({1})})})),
               common::UserError);
  EXPECT_THROW(apply(call("$not", {variable("b")})), common::UserError);
  EXPECT_THROW(apply(call("$or", {call("$equal", {variable("a"), constant({1})}),
                                  call("$add", {variable("b"), constant({1})})})),
               common::UserError);
  EXPECT_THROW(apply(call("$and", {call("$equal", {variable("a"), constant({1})}),
                                   call("$add", {variable("b"), constant({1})})})),
               common::UserError);
  EXPECT_THROW(apply(call("$equal", {variable("a"), variable("b")})), common::UserError);
}

}  // namespace
}  // namespace larkbase::athena
