#include <gtest/gtest.h>

#include <optional>
#include <set>

#include "columnar/builder.hpp"
#include "common/error.hpp"
#include "pushdown/evaluator.hpp"
#include "where.hpp"

namespace larkbase::pushdown {
namespace {

using namespace larkbase::columnar;

// Rows: (s, x, n, t, b, tags)
//   0: "apple",  1.5,  1, 100, true,  ["a"]
//   1: "Apple",  NULL, 2, NULL, false, NULL
//   2: NULL,     5.0,  NULL, 300, false, ["b","c"]
//   3: "banana", -2.0, 4, 400, true,  NULL
//   4: "",       5.0,  5, 500, false, ["a"]
RecordBatch make_batch() {
  StringBuilder s;
  Float64Builder x(float64_type());
  Int32Builder n(int32_type());
  Int64Builder t(int64_type());
  BoolBuilder b;
  ListBuilder tags(list_type(utf8_type()));
  auto tag_list = [&](std::vector<std::string> items) {
    tags.begin_list();
    for (const auto& item : items) tags.values<StringBuilder>().append(item);
    tags.end_list();
  };
  s.append("apple"), x.append(1.5), n.append(1), t.append(100), b.append(true), tag_list({"a"});
  s.append("Apple"), x.append_null(), n.append(2), t.append_null(), b.append(false),
      tags.append_null();
  s.append_null(), x.append(5.0), n.append_null(), t.append(300), b.append(false),
      tag_list({"b", "c"});
  s.append("banana"), x.append(-2.0), n.append(4), t.append(400), b.append(true),
      tags.append_null();
  s.append(""), x.append(5.0), n.append(5), t.append(500), b.append(false), tag_list({"a"});
  auto schema = std::make_shared<Schema>();
  schema->fields = {{"s", utf8_type(), true},  {"x", float64_type(), true},
                    {"n", int32_type(), true}, {"t", int64_type(), true},
                    {"b", bool_type(), true},  {"tags", list_type(utf8_type()), true}};
  RecordBatch batch;
  batch.schema = schema;
  batch.num_rows = 5;
  batch.columns = {s.finish(), x.finish(), n.finish(), t.finish(), b.finish(), tags.finish()};
  return batch;
}

std::vector<uint32_t> run(const Constraints& c) {
  RecordBatch batch = make_batch();
  Evaluator evaluator(c, *batch.schema);
  EXPECT_TRUE(evaluator.exact());
  return evaluator.select(batch);
}

std::vector<uint32_t> run(const std::string& column, const ValueSet& set) {
  Constraints c;
  c.add(column, set);
  return run(c);
}

using Rows = std::vector<uint32_t>;

TEST(Evaluator, ComparisonsNeverMatchNull) {
  EXPECT_EQ(run("x", ValueSet::gt(Value(1))), (Rows{0, 2, 4}));
  EXPECT_EQ(run("x", ValueSet::ne(Value(5))), (Rows{0, 3}));
  EXPECT_EQ(run("x", ValueSet::not_in({Value(1.5), Value(-2)})), (Rows{2, 4}));
  EXPECT_EQ(run("n", ValueSet::le(Value(2.5))), (Rows{0, 1}));
  EXPECT_EQ(run("t", ValueSet::between(Value(300), Value(400))), (Rows{2, 3}));
}

TEST(Evaluator, NullAllowedAdmitsNull) {
  EXPECT_EQ(run("x", unite(ValueSet::gt(Value(2)), ValueSet::is_null())), (Rows{1, 2, 4}));
  EXPECT_EQ(run("x", ValueSet::is_null()), (Rows{1}));
  EXPECT_EQ(run("x", ValueSet::is_not_null()), (Rows{0, 2, 3, 4}));
  EXPECT_EQ(run("tags", ValueSet::is_null()), (Rows{1, 3}));
  EXPECT_EQ(run("tags", ValueSet::is_not_null()), (Rows{0, 2, 4}));
}

TEST(Evaluator, TextIsByteExact) {
  EXPECT_EQ(run("s", ValueSet::eq(Value("apple"))), (Rows{0}));
  EXPECT_EQ(run("s", ValueSet::in({Value("Apple"), Value("")})), (Rows{1, 4}));
  EXPECT_EQ(run("s", ValueSet::lt(Value("b"))), (Rows{0, 1, 4}));  // 'A' < 'a' < 'b'
  EXPECT_EQ(run("s", ValueSet::ne(Value("apple"))), (Rows{1, 3, 4}));
}

TEST(Evaluator, BoolComparesAsZeroOne) {
  EXPECT_EQ(run("b", ValueSet::eq(Value(true))), (Rows{0, 3}));
  EXPECT_EQ(run("b", ValueSet::eq(Value(int64_t{0}))), (Rows{1, 2, 4}));
  EXPECT_EQ(run("b", ValueSet::is_null()), (Rows{}));
}

TEST(Evaluator, LikeAndConjunction) {
  Constraints c;
  c.add_like({"s", "%an%"});
  EXPECT_EQ(run(c), (Rows{3}));
  Constraints sensitive;
  sensitive.add_like({"s", "a%"});
  EXPECT_EQ(run(sensitive), (Rows{0}));
  Constraints folded;
  folded.add_like({"s", "a%", true});
  EXPECT_EQ(run(folded), (Rows{0, 1}));
  folded.add("x", ValueSet::is_null());
  EXPECT_EQ(run(folded), (Rows{1}));
  Constraints any;
  any.add_like({"s", "%"});  // matches '' but not NULL
  EXPECT_EQ(run(any), (Rows{0, 1, 3, 4}));
}

TEST(Evaluator, EmptySetShortCircuits) {
  Constraints c;
  c.add("x", ValueSet::gt(Value(3)));
  c.add("x", ValueSet::lt(Value(2)));
  RecordBatch batch = make_batch();
  Evaluator evaluator(c, *batch.schema);
  EXPECT_TRUE(evaluator.matches_nothing());
  EXPECT_TRUE(evaluator.select(batch).empty());
}

TEST(Evaluator, ReportsWhatItCannotEvaluate) {
  RecordBatch batch = make_batch();
  Constraints c;
  c.add("tags", ValueSet::eq(Value("a")));
  c.add("missing", ValueSet::eq(Value(1)));
  c.add_like({"x", "1%"});
  c.add("x", ValueSet::gt(Value(0)));
  Evaluator evaluator(c, *batch.schema);
  EXPECT_FALSE(evaluator.exact());
  EXPECT_EQ(evaluator.unevaluated().size(), 3u);
  EXPECT_EQ(evaluator.select(batch), (Rows{0, 2, 4}));  // only x > 0 applied

  RecordBatch projected = batch;
  auto schema = std::make_shared<Schema>(*batch.schema);
  schema->fields[1].name = "renamed";
  projected.schema = schema;
  EXPECT_THROW(evaluator.select(projected), common::InternalError);
}

TEST(Evaluator, WorksOnSlices) {
  RecordBatch batch = make_batch().slice(2, 3);
  Constraints c;
  c.add("x", ValueSet::eq(Value(5)));
  Evaluator evaluator(c, *batch.schema);
  EXPECT_EQ(evaluator.select(batch), (Rows{0, 2}));
}

using testing::where;

TEST(Evaluator, NotLikeKeepsNonNullCellsThatDoNotMatch) {
  Constraints c;
  c.add_like({"s", "%an%", false, true});
  EXPECT_EQ(run(c), (Rows{0, 1, 4})) << "NULL (row 2) is neither LIKE nor NOT LIKE";
  Constraints folded;
  folded.add_like({"s", "a%", true, true});
  EXPECT_EQ(run(folded), (Rows{3, 4}));
  EXPECT_TRUE(constraints_from_json(to_json(c)).likes.at(0).negated);
}

TEST(Evaluator, AnOrAcrossColumnsKeepsARowOneBranchKeeps) {
  Constraints c;
  c.add_any_of({where("s", ValueSet::eq(Value("banana"))), where("x", ValueSet::is_null())});
  EXPECT_EQ(run(c), (Rows{1, 3}));
  // NULL fails a comparison in its own branch only: row 2 (x 5, n NULL) is kept by x.
  Constraints nulls;
  nulls.add_any_of({where("x", ValueSet::gt(Value(2))), where("n", ValueSet::gt(Value(4)))});
  EXPECT_EQ(run(nulls), (Rows{2, 4}));
}

TEST(Evaluator, OrBranchesAreConjunctionsWithLikesAndNestedOrs) {
  Constraints n_and_b = where("n", ValueSet::eq(Value(1)));
  n_and_b.add("b", ValueSet::eq(Value(true)));
  Constraints c;
  c.add_any_of({n_and_b, where("t", ValueSet::gt(Value(400)))});
  EXPECT_EQ(run(c), (Rows{0, 4}));

  Constraints like;
  like.add_like({"s", "a%"});  // byte-exact: 'Apple' does not match
  Constraints nested;
  nested.add_any_of({where("n", ValueSet::eq(Value(2))), where("t", ValueSet::eq(Value(300)))});
  Constraints with_like;
  with_like.add_any_of({like, nested});
  EXPECT_EQ(run(with_like), (Rows{0, 1, 2}));
  // ANDed with a plain set.
  with_like.add("b", ValueSet::eq(Value(false)));
  EXPECT_EQ(run(with_like), (Rows{1, 2}));
}

TEST(Evaluator, AnOrWhoseBranchesAdmitNothingAdmitsNothing) {
  Constraints none;
  none.add_any_of({where("x", ValueSet::none()), where("s", ValueSet::none())});
  RecordBatch batch = make_batch();
  Evaluator evaluator(none, *batch.schema);
  EXPECT_TRUE(evaluator.matches_nothing());
  EXPECT_TRUE(evaluator.select(batch).empty());
  // A branch admitting nothing drops out; one admitting everything makes the OR true.
  Constraints one_left;
  one_left.add_any_of({where("x", ValueSet::none()), where("n", ValueSet::eq(Value(4)))});
  EXPECT_EQ(run(one_left), (Rows{3}));
  Constraints always;
  always.add_any_of({where("x", ValueSet::all()), where("n", ValueSet::eq(Value(4)))});
  EXPECT_EQ(run(always), (Rows{0, 1, 2, 3, 4}));
}

TEST(Evaluator, AnOrImpliesTheUnionOfTheSetsEveryBranchHas) {
  Constraints n_and_b = where("n", ValueSet::eq(Value(1)));
  n_and_b.add("b", ValueSet::eq(Value(true)));
  Constraints c;
  c.add_any_of({n_and_b, where("n", ValueSet::eq(Value(4)))});
  ASSERT_EQ(c.columns.count("n"), 1u);
  EXPECT_TRUE(c.columns.at("n").canonical().contains(Value(1)));
  EXPECT_TRUE(c.columns.at("n").canonical().contains(Value(4)));
  EXPECT_FALSE(c.columns.at("n").canonical().contains(Value(2)));
  EXPECT_EQ(c.columns.count("b"), 0u) << "b is not in every branch";
  EXPECT_EQ(run(c), (Rows{0, 3}));
}

TEST(Evaluator, AnOrSurvivesTheJsonRoundTrip) {
  Constraints like;
  like.add_like({"s", "%an%"});
  Constraints c;
  c.add_any_of({like, where("x", ValueSet::is_null())});
  const Constraints back = constraints_from_json(to_json(c));
  ASSERT_EQ(back.any_of.size(), 1u);
  ASSERT_EQ(back.any_of[0].branches.size(), 2u);
  EXPECT_EQ(back.filtered_columns(), (std::set<std::string>{"s", "x"}));
  EXPECT_EQ(run(back), (Rows{1, 3}));
  EXPECT_EQ(run(c), (Rows{1, 3}));
}

TEST(Evaluator, AnOrBranchItCannotEvaluateIsReported) {
  Constraints c;
  c.add_any_of({where("tags", ValueSet::eq(Value("a"))), where("n", ValueSet::eq(Value(4)))});
  RecordBatch batch = make_batch();
  Evaluator evaluator(c, *batch.schema);
  EXPECT_FALSE(evaluator.exact());
  ASSERT_EQ(evaluator.unevaluated().size(), 1u);
  EXPECT_NE(evaluator.unevaluated()[0].find("in an OR"), std::string::npos);
}

}  // namespace
}  // namespace larkbase::pushdown
