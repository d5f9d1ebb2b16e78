// SQL semantics through the virtual tables: NULL is NULL, every column type comes
// out with its SQL type (nested values as JSON text), affinity and LIKE rules,
// and LIMIT stays correct when only part of the WHERE clause could be pushed.
#include <gtest/gtest.h>

#include <string>

#include "common/error.hpp"
#include "demo_session.hpp"
#include "sqlite/sql_type.hpp"

namespace larkbase::sqlite::testing {
namespace {

class Semantics : public ::testing::Test {
 protected:
  void SetUp() override {
    on_ = demo_sql(true);
    off_ = demo_sql(false);
  }
  int64_t count(Sql& sql, const std::string& where) {
    auto result = sql.session.run("SELECT count(*) FROM sales.orders WHERE " + where);
    return std::get<int64_t>(result.rows.at(0).at(0));
  }
  std::unique_ptr<Sql> on_, off_;
};

TEST_F(Semantics, NullIsNeitherEqualNorUnequalAndPartitionsTheTable) {
  int64_t total =
      std::get<int64_t>(on_->session.run("SELECT count(*) FROM sales.orders").rows.at(0).at(0));
  EXPECT_EQ(total, std::stoll(kDemoRows));
  int64_t nulls = count(*on_, "quantity IS NULL");
  EXPECT_GT(nulls, 0);  // the demo leaves some cells empty
  EXPECT_EQ(nulls + count(*on_, "quantity IS NOT NULL"), total);
  EXPECT_EQ(count(*on_, "quantity = NULL"), 0);
  EXPECT_EQ(count(*on_, "quantity IS NULL OR quantity = 1 OR quantity != 1"), total);
  EXPECT_EQ(count(*on_, "quantity != 1") + count(*on_, "quantity = 1") + nulls, total);
  auto types =
      on_->session.run("SELECT DISTINCT typeof(quantity) FROM sales.orders WHERE quantity IS NULL");
  ASSERT_EQ(types.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(types.rows[0][0]), "null");
}

TEST_F(Semantics, EveryColumnTypeHasItsSqlType) {
  auto schema = on_->connector->get_table("sales", "orders");
  size_t nested = 0;
  for (const auto& column : schema.columns()) {
    SCOPED_TRACE(column.name);
    std::string c = quoted(column.name);
    auto types = on_->session.run(
        fmt::format("SELECT DISTINCT typeof({0}) FROM sales.orders WHERE {0} IS NOT NULL", c));
    std::string expected;
    switch (column_class(*column.field.type)) {
      case ColumnClass::kNumber:
        expected = std::string(declared_type(*column.field.type)) == "REAL" ? "real" : "integer";
        break;
      default:
        expected = "text";
    }
    for (const auto& row : types.rows) EXPECT_EQ(std::get<std::string>(row[0]), expected);
    if (column_class(*column.field.type) == ColumnClass::kNested && !types.rows.empty()) {
      ++nested;
      auto invalid = on_->session.run(fmt::format(
          "SELECT count(*) FROM sales.orders WHERE {0} IS NOT NULL AND NOT json_valid({0})", c));
      EXPECT_EQ(std::get<int64_t>(invalid.rows[0][0]), 0);
    }
    if (column.field.type->id == columnar::TypeId::kBool) {
      auto other = on_->session.run(fmt::format(
          "SELECT count(*) FROM sales.orders WHERE {0} NOT IN (0, 1) OR {0} IS NULL", c));
      EXPECT_EQ(std::get<int64_t>(other.rows[0][0]), 0) << "checkbox: absent means false";
    }
  }
  EXPECT_GE(nested, 5u) << "the demo orders table has lists and structs";
}

TEST_F(Semantics, TextOperandOnANumberColumnUsesNumericAffinity) {
  EXPECT_EQ(count(*on_, "quantity = '5'"), count(*off_, "quantity = 5"));
  EXPECT_EQ(count(*on_, "quantity > '5'"), count(*off_, "quantity > 5"));
  EXPECT_EQ(count(*on_, "quantity < 'abc'"), count(*off_, "quantity < 'abc'"));
}

TEST_F(Semantics, LikeIsCaseSensitiveAndNocaseComparisonsStayLocal) {
  // Lark's `contains` ignores case, so the pushed filter is a superset and the
  // reader must drop the rows that differ only in case.
  EXPECT_EQ(count(*on_, "notes LIKE '%Deliver%'"), count(*off_, "notes LIKE '%Deliver%'"));
  EXPECT_GT(count(*on_, "notes LIKE '%Deliver%'"), 0);
  EXPECT_EQ(count(*on_, "notes LIKE '%deliver%'"), count(*off_, "notes LIKE '%deliver%'"));
  EXPECT_LT(count(*on_, "notes LIKE '%DELIVER%'"), count(*on_, "notes LIKE '%Deliver%'"));
  auto status = off_->session.run(
      "SELECT status FROM sales.orders WHERE status IS NOT NULL "
      "LIMIT 1");
  std::string value = std::get<std::string>(status.rows.at(0).at(0));
  std::string upper = value;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  std::string where = "status = " + literal(SqlValue(upper)) + " COLLATE NOCASE";
  EXPECT_EQ(count(*on_, where), count(*off_, where));
  EXPECT_GT(count(*on_, where), 0);
}

TEST_F(Semantics, LimitIsRightWhenOnlyPartOfTheWhereIsPushed) {
  // `lower(status) = ...` cannot be pushed: SQLite filters, so the reader must not
  // stop at 3 rows that SQLite might then reject.
  auto status = off_->session.run(
      "SELECT lower(status), count(*) FROM sales.orders WHERE status IS NOT NULL GROUP BY 1 "
      "ORDER BY 2 LIMIT 1");
  std::string rare = std::get<std::string>(status.rows.at(0).at(0));
  std::string where = "quantity IS NOT NULL AND lower(status) = " + literal(SqlValue(rare));
  auto full = off_->session.run("SELECT * FROM sales.orders WHERE " + where);
  ASSERT_GT(full.rows.size(), 0u);
  size_t limit = std::min<size_t>(3, full.rows.size());
  on_->session.clear_scans();
  auto limited = on_->session.run("SELECT * FROM sales.orders WHERE " + where + " LIMIT 3");
  EXPECT_EQ(limited.rows.size(), limit);
  EXPECT_TRUE(is_sub_multiset(rows_in_order(limited), rows_in_order(full)));
  ASSERT_EQ(on_->session.scans().records().size(), 1u);
  EXPECT_FALSE(on_->session.scans().records().front().limit_applied);

  // A GLOB (never offered to the table as pushable) works the same way.
  auto glob_full = off_->session.run("SELECT * FROM sales.orders WHERE notes GLOB '*e*'");
  auto glob = on_->session.run("SELECT * FROM sales.orders WHERE notes GLOB '*e*' LIMIT 4");
  EXPECT_EQ(glob.rows.size(), std::min<size_t>(4, glob_full.rows.size()));
  EXPECT_TRUE(is_sub_multiset(rows_in_order(glob), rows_in_order(glob_full)));
}

TEST_F(Semantics, LimitWithOffsetSkipsTheRightRows) {
  const std::string sql =
      "SELECT quantity, \"$reserved_record_id\" FROM sales.orders WHERE quantity IS NOT NULL "
      "ORDER BY quantity, \"$reserved_record_id\" LIMIT 4 OFFSET 6";
  EXPECT_EQ(rows_in_order(on_->session.run(sql)), rows_in_order(off_->session.run(sql)));
  auto plain = on_->session.run("SELECT * FROM sales.orders LIMIT 5 OFFSET 3");
  auto all = off_->session.run("SELECT * FROM sales.orders");
  EXPECT_EQ(plain.rows.size(), 5u);
  EXPECT_TRUE(is_sub_multiset(rows_in_order(plain), rows_in_order(all)));
}

TEST_F(Semantics, JoinsAndUnqualifiedNamesWork) {
  const std::string join =
      "SELECT o.\"$reserved_record_id\", c.\"$reserved_record_id\" FROM sales.orders o "
      "JOIN sales.customers c ON o.quantity = c.credit_limit";
  EXPECT_EQ(rows_sorted(on_->session.run(join)), rows_sorted(off_->session.run(join)));
  auto unqualified = on_->session.run("SELECT count(*) FROM orders");
  EXPECT_EQ(std::get<int64_t>(unqualified.rows.at(0).at(0)), std::stoll(kDemoRows));
}

TEST_F(Semantics, LarkTableReadsAnyTableByIdsWithTheCatalogValues) {
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
  const std::string by_id =
      "lark_table(" + literal(SqlValue(app_token)) + ", " + literal(SqlValue(table_id)) + ")";
  // Every record once, and each cell equal to the catalog table's value.
  auto joined = on_->session.run(
      "SELECT count(*), sum(f.amount IS o.amount), sum(f.status IS o.status), "
      "sum(f.channels IS o.channels) FROM (SELECT record_id, "
      "json_extract(fields, '$.amount') AS amount, json_extract(fields, '$.status') AS status, "
      "json(json_extract(fields, '$.channels')) AS channels FROM " +
      by_id +
      ") f JOIN (SELECT \"$reserved_record_id\" AS id, amount, status, json(channels) AS channels "
      "FROM sales.orders) o ON o.id = f.record_id");
  const auto& row = joined.rows.at(0);
  int64_t rows = std::stoll(kDemoRows);
  EXPECT_EQ(std::get<int64_t>(row.at(0)), rows);
  EXPECT_EQ(std::get<int64_t>(row.at(1)), rows);
  EXPECT_EQ(std::get<int64_t>(row.at(2)), rows);
  EXPECT_EQ(std::get<int64_t>(row.at(3)), rows);
  EXPECT_THROW(on_->session.run("SELECT * FROM lark_table(" + literal(SqlValue(app_token)) + ")"),
               common::UserError);
  EXPECT_THROW(on_->session.run("SELECT * FROM lark_table(" + literal(SqlValue(app_token)) +
                                ", 'tblNoSuchTable')"),
               common::Error);
}

TEST_F(Semantics, CaseSensitiveLikePragmaIsRefused) {
  EXPECT_THROW(on_->session.run("PRAGMA case_sensitive_like = 0"), common::UserError);
}

}  // namespace
}  // namespace larkbase::sqlite::testing
