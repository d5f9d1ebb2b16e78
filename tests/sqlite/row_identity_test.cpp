// Row identity through the virtual tables. SQLite plans an OR as several scans
// of the same table and merges them by row identity; joins of a table with
// itself open several cursors on it. Each row's identity is its record id (the
// tables are WITHOUT ROWID), so no row is lost or doubled whatever the plan.
// Expected values come from counting each branch separately and from a plain
// SQLite copy of the table (a real table, whose rowids SQLite owns).
#include <gtest/gtest.h>

#include <string>

#include "common/error.hpp"
#include "demo_session.hpp"

namespace larkbase::sqlite::testing {
namespace {

class RowIdentity : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    sql_ = demo_sql(GetParam());
    sql_->session.run("CREATE TEMP TABLE orders_copy AS SELECT * FROM sales.orders");
  }
  int64_t count(const std::string& from_where) {
    auto result = sql_->session.run("SELECT count(*) FROM " + from_where);
    return std::get<int64_t>(result.rows.at(0).at(0));
  }
  // The plan SQLite chose, as the text of EXPLAIN QUERY PLAN.
  std::string plan_of(const std::string& query) {
    std::string text;
    for (const auto& row : sql_->session.run("EXPLAIN QUERY PLAN " + query).rows) {
      text += std::get<std::string>(row.at(3)) + "\n";
    }
    return text;
  }
  // The query over the Lark table and over its plain copy give the same rows.
  void expect_same_as_copy(const std::string& query) {
    SCOPED_TRACE(query);
    std::string on_copy = query;
    for (size_t at = on_copy.find("sales.orders"); at != std::string::npos;
         at = on_copy.find("sales.orders", at)) {
      on_copy.replace(at, 12, "orders_copy");
    }
    EXPECT_EQ(rows_sorted(sql_->session.run(query)), rows_sorted(sql_->session.run(on_copy)));
  }
  std::unique_ptr<Sql> sql_;
};

TEST_P(RowIdentity, OrOfTwoScansOfOneColumnKeepsEveryRow) {
  const std::string where = "discount > 0.05 OR discount IS NULL";
  // The repro: SQLite runs one scan per branch and merges them.
  EXPECT_NE(plan_of("SELECT count(*) FROM sales.orders WHERE " + where).find("MULTI-INDEX OR"),
            std::string::npos);
  int64_t above = count("sales.orders WHERE discount > 0.05");
  int64_t nulls = count("sales.orders WHERE discount IS NULL");
  ASSERT_GT(above, 0);
  ASSERT_GT(nulls, 0);
  EXPECT_EQ(count("sales.orders WHERE " + where), above + nulls);
  expect_same_as_copy("SELECT \"$reserved_record_id\", discount FROM sales.orders WHERE " + where);
}

TEST_P(RowIdentity, OrAcrossColumnsKeepsEveryRowAndCountsOverlapsOnce) {
  auto picks = sql_->session.run(
      "SELECT contact_phone, total_with_tax FROM sales.orders WHERE contact_phone IS NOT NULL "
      "AND total_with_tax IS NOT NULL ORDER BY \"$reserved_record_id\" LIMIT 2");
  ASSERT_EQ(picks.rows.size(), 2u);
  std::string phone = literal(picks.rows[0][0]), total = literal(picks.rows[1][1]);
  std::string a = "contact_phone = " + phone, b = "total_with_tax = " + total;
  std::string where = a + " OR " + b;
  int64_t expected = count("sales.orders WHERE " + a) + count("sales.orders WHERE " + b) -
                     count("sales.orders WHERE (" + a + ") AND (" + b + ")");
  EXPECT_GE(expected, 2);
  EXPECT_EQ(count("sales.orders WHERE " + where), expected);
  expect_same_as_copy("SELECT * FROM sales.orders WHERE " + where);
  // An overlap: one branch contains the other, each row still counts once.
  std::string wide = "discount > 0.05 OR discount > 0.1 OR quantity IS NULL";
  expect_same_as_copy("SELECT count(*), sum(quantity) FROM sales.orders WHERE " + wide);
  expect_same_as_copy("SELECT * FROM sales.orders WHERE " + wide);
}

TEST_P(RowIdentity, CountOverOrsMatchesThePlainCopy) {
  for (const std::string where :
       {"discount > 0.05 OR discount IS NULL", "quantity IS NULL OR discount IS NULL",
        "quantity > 3 OR discount < 0.02 OR status = 'paid'",
        "(quantity > 3 AND discount IS NOT NULL) OR (quantity IS NULL AND discount > 0.1)",
        "NOT (discount > 0.05) OR quantity IS NULL",
        "discount IN (0.05, 0.1) OR quantity IN (1, 2) OR discount IS NULL"}) {
    expect_same_as_copy("SELECT count(*) FROM sales.orders WHERE " + where);
    expect_same_as_copy("SELECT count(DISTINCT \"$reserved_record_id\") FROM sales.orders WHERE " +
                        where);
    expect_same_as_copy("SELECT \"$reserved_record_id\" FROM sales.orders WHERE (" + where +
                        ") ORDER BY 1 LIMIT 20 OFFSET 5");
  }
}

TEST_P(RowIdentity, SelfJoinsPairEachRecordWithItself) {
  int64_t total = count("sales.orders");
  EXPECT_EQ(count("sales.orders a JOIN sales.orders b ON a.\"$reserved_record_id\" = "
                  "b.\"$reserved_record_id\""),
            total);
  // The table joined with itself under an OR that spans both sides.
  expect_same_as_copy(
      "SELECT a.\"$reserved_record_id\", b.\"$reserved_record_id\" FROM sales.orders a JOIN "
      "sales.orders b ON a.\"$reserved_record_id\" = b.\"$reserved_record_id\" WHERE "
      "a.discount > 0.05 OR b.discount IS NULL");
  expect_same_as_copy(
      "SELECT count(*) FROM sales.orders a JOIN sales.orders b ON a.customer = b.customer WHERE "
      "(a.discount > 0.1 OR a.discount IS NULL) AND (b.quantity > 4 OR b.quantity IS NULL)");
  // A correlated subquery opens the table again for every outer row.
  expect_same_as_copy(
      "SELECT a.\"$reserved_record_id\" FROM sales.orders a WHERE a.discount IS NULL AND EXISTS "
      "(SELECT 1 FROM sales.orders b WHERE b.\"$reserved_record_id\" = a.\"$reserved_record_id\" "
      "AND (b.quantity > 2 OR b.quantity IS NULL))");
}

TEST_P(RowIdentity, UnionAndDistinctSeeEachRecordOnce) {
  expect_same_as_copy(
      "SELECT \"$reserved_record_id\" FROM sales.orders WHERE discount > 0.05 UNION SELECT "
      "\"$reserved_record_id\" FROM sales.orders WHERE discount IS NULL");
  expect_same_as_copy(
      "SELECT DISTINCT status FROM sales.orders WHERE discount > 0.1 OR "
      "quantity IS NULL");
}

TEST_P(RowIdentity, RowidIsRefusedWithTheRecordIdAsTheRemedy) {
  try {
    sql_->session.run("SELECT rowid FROM sales.orders LIMIT 1");
    ADD_FAILURE() << "rowid was accepted";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("rowid"), std::string::npos) << error.what();
  }
}

TEST_P(RowIdentity, LarkTableFunctionMergesOrsByRecordId) {
  const auto& handshake = demo_emulator().handshake();
  std::string app_token, table_id;
  for (const auto& base : handshake.at("bases")) {
    for (const auto& table : base.at("tables")) {
      if (table.at("name") == "orders") {
        app_token = base.at("app_token");
        table_id = table.at("table_id");
      }
    }
  }
  ASSERT_FALSE(table_id.empty());
  std::string by_id =
      "lark_table(" + literal(SqlValue(app_token)) + ", " + literal(SqlValue(table_id)) + ")";
  auto ids = sql_->session.run(
      "SELECT \"$reserved_record_id\" FROM sales.orders ORDER BY 1 "
      "LIMIT 3");
  ASSERT_EQ(ids.rows.size(), 3u);
  std::string a = literal(ids.rows[0][0]), b = literal(ids.rows[2][0]);
  EXPECT_EQ(count(by_id + " WHERE record_id = " + a + " OR record_id = " + b), 2);
  EXPECT_EQ(count(by_id + " WHERE record_id = " + a +
                  " OR json_extract(fields, '$.discount') "
                  "IS NULL"),
            count("sales.orders WHERE \"$reserved_record_id\" = " + a + " OR discount IS NULL"));
  EXPECT_EQ(count(by_id + " f JOIN sales.orders o ON o.\"$reserved_record_id\" = f.record_id "
                          "WHERE o.discount > 0.05 OR o.discount IS NULL"),
            count("sales.orders WHERE discount > 0.05 OR discount IS NULL"));
}

INSTANTIATE_TEST_SUITE_P(Pushdown, RowIdentity, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "On" : "Off";
                         });

}  // namespace
}  // namespace larkbase::sqlite::testing
