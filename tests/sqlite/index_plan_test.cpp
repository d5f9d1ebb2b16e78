// The idxStr that carries xBestIndex's decisions to xFilter, and the operand
// rules that decide what may be pushed.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "sqlite/index_plan.hpp"
#include "sqlite/operand.hpp"
#include "sqlite/predicate.hpp"

namespace larkbase::sqlite {
namespace {

TEST(IndexPlan, RoundTripsEveryField) {
  IndexPlan plan;
  plan.args = {{SlotOp::kEq, 3},     {SlotOp::kIn, 0},      {SlotOp::kLike, 12},
               {SlotOp::kLimit, -1}, {SlotOp::kOffset, -1}, {SlotOp::kIsNot, 7}};
  plan.columns = {0, 3, 12, 70};
  plan.order_by = {{3, true}, {0, false}};
  plan.where_complete = true;
  plan.order_consumed = true;
  IndexPlan back = IndexPlan::decode(plan.encode());
  ASSERT_EQ(back.args.size(), plan.args.size());
  for (size_t i = 0; i < plan.args.size(); ++i) {
    EXPECT_EQ(back.args[i].op, plan.args[i].op);
    EXPECT_EQ(back.args[i].column, plan.args[i].column);
  }
  EXPECT_EQ(back.columns, plan.columns);
  ASSERT_EQ(back.order_by.size(), 2u);
  EXPECT_TRUE(back.order_by[0].descending);
  EXPECT_EQ(back.order_by[1].column, 0);
  EXPECT_TRUE(back.where_complete);
  EXPECT_TRUE(back.order_consumed);
}

TEST(IndexPlan, EmptyPlanRoundTrips) {
  IndexPlan back = IndexPlan::decode(IndexPlan{}.encode());
  EXPECT_TRUE(back.args.empty());
  EXPECT_TRUE(back.columns.empty());
  EXPECT_FALSE(back.where_complete);
  EXPECT_FALSE(back.order_consumed);
}

TEST(IndexPlan, RejectsForeignText) {
  EXPECT_THROW(IndexPlan::decode(""), common::InternalError);
  EXPECT_THROW(IndexPlan::decode("w1c0;a?3;p;o"), common::InternalError);
  EXPECT_THROW(IndexPlan::decode("w1c0;a=x;p;o"), common::InternalError);
}

TEST(Predicate, IsNotKeepsNulls) {
  pushdown::Constraints constraints;
  ASSERT_TRUE(add_predicate(constraints, "x", ColumnClass::kNumber, SlotOp::kIsNot,
                            {pushdown::Value(int64_t{5})}));
  auto set = constraints.columns.at("x").canonical();
  EXPECT_TRUE(set.contains(pushdown::Value()));
  EXPECT_FALSE(set.contains(pushdown::Value(int64_t{5})));
  EXPECT_TRUE(set.contains(pushdown::Value(int64_t{6})));
}

TEST(Predicate, InListDropsNullsAndUnknownOperandsPushNothing) {
  pushdown::Constraints constraints;
  ASSERT_TRUE(add_predicate(constraints, "x", ColumnClass::kNumber, SlotOp::kIn,
                            {pushdown::Value(int64_t{1}), pushdown::Value()}));
  auto set = constraints.columns.at("x").canonical();
  EXPECT_TRUE(set.contains(pushdown::Value(int64_t{1})));
  EXPECT_FALSE(set.contains(pushdown::Value()));

  pushdown::Constraints untouched;
  EXPECT_FALSE(add_predicate(untouched, "x", ColumnClass::kText, SlotOp::kIn,
                             {pushdown::Value("a"), std::nullopt}));
  EXPECT_TRUE(untouched.columns.empty());
}

TEST(Predicate, NestedColumnsOnlyTakeNullTests) {
  pushdown::Constraints constraints;
  EXPECT_FALSE(add_predicate(constraints, "tags", ColumnClass::kNested, SlotOp::kEq,
                             {pushdown::Value("[\"a\"]")}));
  EXPECT_TRUE(add_predicate(constraints, "tags", ColumnClass::kNested, SlotOp::kIsNull,
                            {pushdown::Value()}));
  EXPECT_FALSE(add_predicate(constraints, "n", ColumnClass::kNumber, SlotOp::kLike,
                             {pushdown::Value("%1%")}));
  EXPECT_EQ(constraints.columns.size(), 1u);
  EXPECT_TRUE(constraints.likes.empty());
}

TEST(Predicate, LikeIsCaseSensitiveAsInAthena) {
  pushdown::Constraints constraints;
  ASSERT_TRUE(add_predicate(constraints, "name", ColumnClass::kText, SlotOp::kLike,
                            {pushdown::Value("%ab%")}));
  ASSERT_EQ(constraints.likes.size(), 1u);
  EXPECT_FALSE(constraints.likes[0].ascii_case_insensitive);
}

}  // namespace
}  // namespace larkbase::sqlite
