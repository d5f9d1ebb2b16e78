// The differential check: pushdown on vs off must give identical rows. The
// queries are generated from the demo tables' columns and from values read out of
// the data itself: every operator on every pushable type, IN / NOT IN, NULL
// tests, ranges, dates, LIKE, OR, projections, LIMIT with and without ORDER BY.
#include "differential.hpp"

#include <gtest/gtest.h>

#include <memory>

#include <string>
#include <vector>

#include "demo_session.hpp"
#include "sqlite/sql_type.hpp"

namespace larkbase::sqlite::testing {
namespace {

struct Query {
  enum Compare { kMultiset, kOrdered, kLimitSubset };
  Query(std::string sql_text, Compare how = kMultiset, std::string full = "", size_t rows = 0)
      : sql(std::move(sql_text)), compare(how), full_sql(std::move(full)), limit(rows) {}

  std::string sql;
  Compare compare;
  std::string full_sql;  // kLimitSubset: the same query without the LIMIT
  size_t limit;
};

struct ColumnSample {
  std::string name;
  ColumnClass column_class;
  bool is_bool = false;
  std::vector<SqlValue> values;  // distinct non-NULL values, ascending
};

std::vector<SqlValue> sample_values(SqlSession& session, const std::string& table,
                                    const std::string& column) {
  auto result =
      session.run(fmt::format("SELECT DISTINCT {0} FROM {1} WHERE {0} IS NOT NULL "
                              "ORDER BY 1",
                              quoted(column), table));
  std::vector<SqlValue> all;
  for (auto& row : result.rows) all.push_back(row[0]);
  if (all.size() <= 5) return all;
  size_t n = all.size();
  return {all[0], all[n / 4], all[n / 2], all[3 * n / 4], all[n - 1]};
}

// Literal runs of a text sample for LIKE patterns (the middle of it).
std::string middle(const std::string& text) {
  if (text.size() <= 3) return text;
  std::string part = text.substr(text.size() / 2 - 1, 3);
  for (char c : part) {
    if (c == '%' || c == '_' || static_cast<unsigned char>(c) >= 0x80) return "";
  }
  return part;
}

std::vector<std::string> number_predicates(const std::string& c, const ColumnSample& s) {
  const auto& v = s.values;
  std::string a = literal(v.front()), b = literal(v[v.size() / 2]), z = literal(v.back());
  std::vector<std::string> p = {
      c + " = " + b,  c + " != " + b, c + " < " + b,      c + " <= " + b, c + " > " + b,
      c + " >= " + b, c + " IS " + b, c + " IS NOT " + b, c + " IS NULL", c + " IS NOT NULL"};
  if (s.is_bool) {
    p.push_back(c + " = 1");
    p.push_back(c + " = 0");
    p.push_back(c + " = 1 OR " + c + " IS NULL");
    return p;
  }
  p.push_back(c + " BETWEEN " + a + " AND " + b);
  p.push_back(c + " IN (" + a + ", " + b + ", " + z + ")");
  p.push_back(c + " NOT IN (" + a + ", " + z + ")");
  p.push_back(c + " < " + a + " OR " + c + " > " + b);
  p.push_back(c + " = " + b + " OR " + c + " IS NULL");
  p.push_back(c + " > " + a + " AND " + c + " < " + z);
  p.push_back(c + " = '" + b + "'");  // text operand: numeric affinity applies
  return p;
}

std::vector<std::string> text_predicates(const std::string& c, const ColumnSample& s) {
  const auto& v = s.values;
  std::string a = literal(v.front()), b = literal(v[v.size() / 2]), z = literal(v.back());
  std::vector<std::string> p = {c + " = " + b,
                                c + " != " + b,
                                c + " IN (" + a + ", " + z + ")",
                                c + " NOT IN (" + a + ")",
                                c + " IS NULL",
                                c + " IS NOT NULL",
                                c + " > " + b,
                                c + " = " + a + " OR " + c + " = " + z,
                                c + " = 5"};  // number against text: never pushed
  std::string part = middle(std::get<std::string>(v[v.size() / 2]));
  if (!part.empty()) {
    p.push_back(c + " LIKE '%" + part + "%'");
    std::string upper = part;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    p.push_back(
        c + " LIKE '%" + upper +
        "%'");  // LIKE is case-sensitive: Lark's case-insensitive contains must be filtered exactly
    p.push_back(c + " LIKE '_%" + part + "%' OR " + c + " IS NULL");
  }
  return p;
}

std::vector<Query> table_queries(SqlSession& off, const std::string& table,
                                 const types::TableSchema& schema) {
  std::vector<ColumnSample> samples;
  for (const auto& column : schema.columns()) {
    ColumnSample sample{column.name,
                        column_class(*column.field.type),
                        column.field.type->id == columnar::TypeId::kBool,
                        {}};
    if (sample.column_class != ColumnClass::kNested) {
      sample.values = sample_values(off, table, column.name);
    }
    samples.push_back(std::move(sample));
  }
  std::vector<Query> queries;
  std::string first_number;
  for (const auto& s : samples) {
    std::string c = quoted(s.name);
    std::vector<std::string> predicates;
    if (s.column_class == ColumnClass::kNested) {
      predicates = {c + " IS NULL", c + " IS NOT NULL"};
    } else if (s.values.empty()) {
      predicates = {c + " IS NULL"};
    } else if (s.column_class == ColumnClass::kNumber) {
      predicates = number_predicates(c, s);
      if (first_number.empty() && !s.is_bool) first_number = c;
    } else {
      predicates = text_predicates(c, s);
    }
    for (const auto& p : predicates) {
      // A projection of the constrained column and the record id.
      queries.push_back(
          {fmt::format("SELECT {}, \"$reserved_record_id\" FROM {} WHERE {}", c, table, p)});
    }
    if (!predicates.empty()) {
      std::string where = predicates[predicates.size() / 2];
      queries.push_back({fmt::format("SELECT * FROM {} WHERE {}", table, where)});
      std::string full = fmt::format("SELECT * FROM {} WHERE {}", table, where);
      queries.push_back({full + " LIMIT 7", Query::kLimitSubset, full, 7});
    }
    if (s.column_class != ColumnClass::kNested && !s.values.empty()) {
      // A total order: the key, then the record id to break ties.
      queries.push_back({fmt::format("SELECT {0}, \"$reserved_record_id\" FROM {1} ORDER BY {0}, "
                                     "\"$reserved_record_id\" LIMIT 10",
                                     c, table),
                         Query::kOrdered});
      queries.push_back({fmt::format("SELECT {0}, \"$reserved_record_id\" FROM {1} WHERE {0} IS "
                                     "NOT NULL ORDER BY {0} DESC, \"$reserved_record_id\" LIMIT 5",
                                     c, table),
                         Query::kOrdered});
    }
  }
  if (!first_number.empty()) {
    queries.push_back(
        {fmt::format("SELECT count(*), sum({0}), min({0}), max({0}) FROM {1}", first_number, table),
         Query::kOrdered});
  }
  return queries;
}

}  // namespace

void expect_pushdown_changes_no_row(const std::vector<std::string>& emulator_flags) {
  std::vector<std::string> args = {"--demo", "--rows", kDemoRows};
  args.insert(args.end(), emulator_flags.begin(), emulator_flags.end());
  EmulatorProcess emulator(args);
  auto on = std::make_unique<Sql>(demo_config(emulator, true));
  auto off = std::make_unique<Sql>(demo_config(emulator, false));
  std::vector<Query> queries;
  for (const auto& schema : off->connector->list_schemas()) {
    for (const auto& table : off->connector->list_tables(schema)) {
      auto columns = off->connector->get_table(schema, table);
      auto more = table_queries(off->session, quoted(schema) + "." + quoted(table), columns);
      queries.insert(queries.end(), more.begin(), more.end());
    }
  }
  ASSERT_GE(queries.size(), 200u);

  size_t with_rows = 0, with_filter = 0;
  for (const auto& query : queries) {
    SCOPED_TRACE(query.sql);
    on->session.clear_scans();
    SqlResult expected = off->session.run(query.sql);
    SqlResult actual = on->session.run(query.sql);
    if (!expected.rows.empty()) ++with_rows;
    for (const auto& record : on->session.scans().records()) {
      if (!record.pushdown.query.filter.is_null()) {
        ++with_filter;
        break;
      }
    }
    switch (query.compare) {
      case Query::kMultiset:
        EXPECT_EQ(rows_sorted(actual), rows_sorted(expected));
        break;
      case Query::kOrdered:
        EXPECT_EQ(rows_in_order(actual), rows_in_order(expected));
        break;
      case Query::kLimitSubset: {
        // Without ORDER BY any `limit` matching rows are right; none may be missing.
        SqlResult full = off->session.run(query.full_sql);
        EXPECT_EQ(actual.rows.size(), std::min(query.limit, full.rows.size()));
        EXPECT_TRUE(is_sub_multiset(rows_in_order(actual), rows_in_order(full)));
        break;
      }
    }
  }
  // The comparison means something only if many queries matched rows and pushed filters.
  EXPECT_GE(with_rows, queries.size() / 2);
  EXPECT_GE(with_filter, 50u);
}

}  // namespace larkbase::sqlite::testing
