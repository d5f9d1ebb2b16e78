// Each pushdown tested twice: the request that reached Lark (the scan's plan:
// filter, sort, page size, field names, pages read) and the rows that came back.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "demo_session.hpp"

namespace larkbase::sqlite::testing {
namespace {

using common::Json;

// Every condition of a filter, top level and inside its child groups.
std::vector<Json> conditions_of(const Json& filter) {
  std::vector<Json> out;
  if (filter.is_null()) return out;
  for (const auto& c : filter.value("conditions", Json::array())) out.push_back(c);
  for (const auto& child : filter.value("children", Json::array())) {
    for (const auto& c : child.value("conditions", Json::array())) out.push_back(c);
  }
  return out;
}

bool has_condition(const Json& filter, const std::string& field, const std::string& op,
                   const Json& value) {
  for (const auto& c : conditions_of(filter)) {
    if (c.value("field_name", "") == field && c.value("operator", "") == op &&
        c.value("value", Json()) == value) {
      return true;
    }
  }
  return false;
}

const ScanRecord& only_scan(const SqlSession& session) {
  const auto& records = session.scans().records();
  EXPECT_EQ(records.size(), 1u);
  return records.front();
}

class RequestShape : public ::testing::Test {
 protected:
  void SetUp() override {
    on_ = demo_sql(true);
    off_ = demo_sql(false);
  }
  std::unique_ptr<Sql> on_, off_;
};

TEST_F(RequestShape, NumberComparisonIsSentAsIsGreaterWithTheNeededFieldsOnly) {
  const std::string sql = "SELECT quantity FROM sales.orders WHERE quantity > 5";
  SqlResult rows = on_->session.run(sql);
  const ScanRecord& scan = only_scan(on_->session);
  EXPECT_TRUE(
      has_condition(scan.pushdown.query.filter, "Quantity", "isGreater", Json::array({"5"})))
      << scan.pushdown.query.filter.dump();
  ASSERT_TRUE(scan.pushdown.query.field_names.has_value());
  EXPECT_EQ(*scan.pushdown.query.field_names, std::vector<std::string>{"Quantity"});
  ASSERT_FALSE(rows.rows.empty());
  for (const auto& row : rows.rows) {
    ASSERT_FALSE(std::holds_alternative<std::monostate>(row[0]));
    double value = std::holds_alternative<double>(row[0]) ? std::get<double>(row[0])
                                                          : double(std::get<int64_t>(row[0]));
    EXPECT_GT(value, 5);
  }
  EXPECT_EQ(rows_sorted(rows), rows_sorted(off_->session.run(sql)));
  // Fewer rows came from Lark than a full read: the filter did work at the source.
  EXPECT_LT(scan.stats.rows_fetched, std::stoull(kDemoRows));
}

// A large scan is cut into key ranges; --explain names the column and the count,
// and --split-column picks another column or none.
TEST_F(RequestShape, ExplainSaysWhichColumnAScanWasCutOnAndIntoHowManyRanges) {
  const std::string sql = "SELECT order_no, created FROM sales.orders";
  const auto expected = rows_sorted(off_->session.run(sql));
  for (const std::string column : {"", "created", "none"}) {
    SCOPED_TRACE(column);
    auto config = demo_config(demo_emulator(), true);
    config.options.split_column = column;
    Sql sql_session(config);
    SqlResult rows = sql_session.session.run(sql);
    EXPECT_EQ(rows_sorted(rows), expected);
    const ScanRecord& scan = only_scan(sql_session.session);
    std::string text;
    for (const auto& line : scan.explain_lines()) text += line + "\n";
    if (column == "none") {
      EXPECT_EQ(scan.stats.cut_ranges, 0u);
      EXPECT_EQ(text.find("cut on"), std::string::npos) << text;
      continue;
    }
    const std::string cut_on = column.empty() ? "$reserved_split_key" : column;
    EXPECT_EQ(scan.stats.cut_column, cut_on);
    EXPECT_GT(scan.stats.cut_ranges, 1u);
    EXPECT_NE(text.find("cut on " + cut_on + " into " + std::to_string(scan.stats.cut_ranges) +
                        " key ranges"),
              std::string::npos)
        << text;
  }
}

TEST_F(RequestShape, SelectEqualityIsSentAsIsAndOnlyMatchingRowsReturn) {
  auto status = off_->session.run(
      "SELECT status FROM sales.orders WHERE status IS NOT NULL ORDER BY status LIMIT 1");
  ASSERT_EQ(status.rows.size(), 1u);
  std::string value = std::get<std::string>(status.rows[0][0]);
  const std::string sql =
      "SELECT status, amount FROM sales.orders WHERE status = " + literal(SqlValue(value));
  SqlResult rows = on_->session.run(sql);
  const ScanRecord& scan = only_scan(on_->session);
  EXPECT_TRUE(has_condition(scan.pushdown.query.filter, "Status", "is", Json::array({value})))
      << scan.pushdown.query.filter.dump();
  ASSERT_TRUE(scan.pushdown.query.field_names.has_value());
  auto names = *scan.pushdown.query.field_names;
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"Amount", "Status"}));
  ASSERT_FALSE(rows.rows.empty());
  for (const auto& row : rows.rows) EXPECT_EQ(std::get<std::string>(row[0]), value);
  EXPECT_EQ(rows_sorted(rows), rows_sorted(off_->session.run(sql)));
}

TEST_F(RequestShape, TopNFetchesExactlyOnePageWithTheSortPushed) {
  const std::string sql =
      "SELECT amount FROM sales.orders WHERE amount > 0 ORDER BY amount DESC LIMIT 5";
  SqlResult rows = on_->session.run(sql);
  const ScanRecord& scan = only_scan(on_->session);
  EXPECT_EQ(scan.pushdown.query.sort,
            Json::array({Json{{"field_name", "Amount"}, {"desc", true}}}));
  EXPECT_TRUE(scan.pushdown.order_exact);
  EXPECT_TRUE(scan.limit_applied);
  EXPECT_EQ(scan.stats.pages, 1u);
  EXPECT_LE(scan.stats.rows_emitted, 5u);
  ASSERT_EQ(rows.rows.size(), 5u);
  EXPECT_EQ(rows_in_order(rows), rows_in_order(off_->session.run(sql)));
}

TEST_F(RequestShape, NoPushdownSendsNoFilterSortOrFieldList) {
  const std::string sql = "SELECT quantity FROM sales.orders WHERE quantity > 5 LIMIT 3";
  off_->session.run(sql);
  const ScanRecord& scan = only_scan(off_->session);
  EXPECT_TRUE(scan.pushdown.query.filter.is_null());
  EXPECT_TRUE(scan.pushdown.query.sort.is_null());
  EXPECT_FALSE(scan.pushdown.query.field_names.has_value());
  EXPECT_EQ(scan.pushdown.query.page_size, 500);
}

TEST_F(RequestShape, RecordIdEqualityReadsThatRecordOnly) {
  auto ids = off_->session.run("SELECT \"$reserved_record_id\" FROM sales.orders LIMIT 3");
  ASSERT_EQ(ids.rows.size(), 3u);
  std::string id = std::get<std::string>(ids.rows[1][0]);
  SqlResult rows = on_->session.run(
      "SELECT \"$reserved_record_id\" FROM sales.orders WHERE \"$reserved_record_id\" = " +
      literal(SqlValue(id)));
  const ScanRecord& scan = only_scan(on_->session);
  EXPECT_EQ(scan.pushdown.access, pushdown::Access::kRecordIds);
  ASSERT_EQ(rows.rows.size(), 1u);
  EXPECT_EQ(std::get<std::string>(rows.rows[0][0]), id);
  EXPECT_LE(scan.stats.rows_fetched, 1u);
}

TEST_F(RequestShape, LimitWithAFullyPushedFilterStopsEarly) {
  const std::string sql = "SELECT quantity FROM sales.orders WHERE quantity > 0 LIMIT 3";
  SqlResult rows = on_->session.run(sql);
  const ScanRecord& scan = only_scan(on_->session);
  EXPECT_TRUE(scan.limit_applied);
  EXPECT_EQ(scan.pushdown.limit, std::optional<int64_t>(3));
  EXPECT_EQ(rows.rows.size(), 3u);
  EXPECT_EQ(scan.stats.pages, 1u);
}

// The scan record of `table` whose access is `access`.
const ScanRecord* scan_of(const SqlSession& session, const std::string& table,
                          pushdown::Access access) {
  for (const auto& record : session.scans().records()) {
    if (record.table == table && record.pushdown.access == access) return &record;
  }
  return nullptr;
}

// A join looks its inner table up once per outer row; after the first few lookups
// the inner table is read once, whole, and the other lookups are answered from it.
TEST_F(RequestShape, AJoinsRepeatedLookupsAreAnsweredFromOneReadOfTheInnerTable) {
  const std::string join =
      "SELECT o.order_no, c.name, c.segment FROM sales.orders o "
      "JOIN sales.customers c ON c.\"$reserved_record_id\" = "
      "json_extract(o.customer, '$[0].record_id') WHERE o.quantity > 0";
  SqlResult rows = on_->session.run(join);
  const ScanRecord* lookups =
      scan_of(on_->session, "sales.customers", pushdown::Access::kRecordIds);
  ASSERT_NE(lookups, nullptr);
  ASSERT_GT(lookups->scans, 100u);                         // one per outer row with a customer
  EXPECT_EQ(lookups->snapshot_scans, lookups->scans - 2);  // all but the first two lookups
  // Two batch_get calls, then the customers table (under one page) once: not one
  // call per outer row. (A scan's call count is the client's calls during the scan,
  // which may include a page the outer scan prefetched meanwhile: hence the slack.)
  EXPECT_LT(lookups->stats.calls, 10u);
  EXPECT_EQ(lookups->stats.rows_emitted, rows.rows.size());

  // The rows equal the same join over a materialised copy of the customers table.
  const std::string materialised =
      "WITH c AS MATERIALIZED (SELECT \"$reserved_record_id\" AS id, name, segment "
      "FROM sales.customers) "
      "SELECT o.order_no, c.name, c.segment FROM sales.orders o "
      "JOIN c ON c.id = json_extract(o.customer, '$[0].record_id') WHERE o.quantity > 0";
  EXPECT_EQ(rows_sorted(rows), rows_sorted(off_->session.run(materialised)));
}

// A join on an ordinary column pushes the outer value as a filter per outer row;
// the same snapshot answers those scans with the exact evaluator.
TEST_F(RequestShape, AJoinOnAValueColumnIsAnsweredFromTheSnapshotWithExactRows) {
  const std::string join =
      "SELECT o.order_no, c.name FROM sales.orders o "
      "JOIN sales.customers c ON c.credit_limit = o.quantity * 1000";
  SqlResult rows = on_->session.run(join);
  uint64_t scans = 0, snapshot_scans = 0, calls = 0;
  for (const auto& record : on_->session.scans().records()) {
    if (record.table != "sales.customers") continue;
    scans += record.scans;
    snapshot_scans += record.snapshot_scans;
    calls += record.stats.calls;
  }
  ASSERT_GT(scans, 100u);
  // Outer rows without a quantity push `= NULL`, which admits no row and needs no
  // call or snapshot; every other scan after the first two is answered from it.
  EXPECT_GT(snapshot_scans, scans / 2);
  EXPECT_LT(calls, 10u);
  const std::string materialised =
      "WITH c AS MATERIALIZED (SELECT name, credit_limit FROM sales.customers) "
      "SELECT o.order_no, c.name FROM sales.orders o JOIN c ON c.credit_limit = o.quantity * 1000";
  EXPECT_EQ(rows_sorted(rows), rows_sorted(off_->session.run(materialised)));
}

// A statement never answers from an earlier statement's snapshot: the second run
// reads the table again (as fresh as the statement), at the same small cost.
TEST_F(RequestShape, EachStatementReadsItsOwnSnapshot) {
  const std::string join =
      "SELECT count(*) FROM sales.orders o JOIN sales.customers c "
      "ON c.\"$reserved_record_id\" = json_extract(o.customer, '$[0].record_id')";
  uint64_t calls[2] = {0, 0};
  for (uint64_t& spent : calls) {
    on_->session.clear_scans();
    on_->session.run(join);
    const ScanRecord* lookups =
        scan_of(on_->session, "sales.customers", pushdown::Access::kRecordIds);
    ASSERT_NE(lookups, nullptr);
    EXPECT_GT(lookups->snapshot_scans, 0u);
    spent = lookups->stats.calls;
  }
  for (uint64_t spent : calls) {
    EXPECT_GE(spent, 3u);  // two lookups by id, then the table's page: each time
    EXPECT_LT(spent, 10u);
  }
}

}  // namespace
}  // namespace larkbase::sqlite::testing
