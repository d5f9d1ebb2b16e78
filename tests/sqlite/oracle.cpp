// The query set is generated from each table's columns and from values sampled
// out of the oracle's own copy: every comparison operator, BETWEEN, IN / NOT IN
// with and without NULL, LIKE / NOT LIKE, NOT, IS [NOT] NULL mixed into ORs,
// ORs within a column and across columns, aggregates, GROUP BY, ORDER BY with
// LIMIT / OFFSET, LIMIT without ORDER BY, self-joins and joins of two tables.
#include "oracle.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "demo_session.hpp"
#include "oracle_dataset.hpp"

namespace larkbase::sqlite::oracle {
namespace {

using testing::literal;
using testing::quoted;
using testing::Sql;

struct Query {
  enum Compare { kMultiset, kOrdered, kLimitSubset };
  Query(std::string text, Compare how = kMultiset, std::string full = "", size_t rows = 0)
      : sql(std::move(text)), compare(how), full_sql(std::move(full)), limit(rows) {}
  std::string sql;
  Compare compare;
  std::string full_sql;  // kLimitSubset: the query without its LIMIT
  size_t limit;
};

// The oracle's answer as rows of typed text, spelled like demo_session.hpp's.
std::vector<std::string> oracle_rows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "oracle rejected " << sql << ": " << sqlite3_errmsg(db);
    return {};
  }
  std::vector<std::string> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      switch (sqlite3_column_type(statement, i)) {
        case SQLITE_INTEGER:
          row += "i:" + std::to_string(sqlite3_column_int64(statement, i));
          break;
        case SQLITE_FLOAT:
          row += fmt::format("r:{}", sqlite3_column_double(statement, i));
          break;
        case SQLITE_NULL:
          row += "NULL";
          break;
        default:
          row +=
              std::string("t:") + reinterpret_cast<const char*>(sqlite3_column_text(statement, i));
      }
      row += "|";
    }
    rows.push_back(row);
  }
  sqlite3_finalize(statement);
  return rows;
}

// Distinct non-NULL values of a column, ascending, as SQL literals.
std::vector<std::string> samples(sqlite3* db, const std::string& table, const std::string& c) {
  std::vector<std::string> out;
  sqlite3_stmt* statement = nullptr;
  std::string sql =
      fmt::format("SELECT DISTINCT {0} FROM {1} WHERE {0} IS NOT NULL ORDER BY 1", c, table);
  sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    sqlite3_value* value = sqlite3_column_value(statement, 0);
    switch (sqlite3_value_type(value)) {
      case SQLITE_INTEGER:
        out.push_back(literal(SqlValue(int64_t{sqlite3_value_int64(value)})));
        break;
      case SQLITE_FLOAT:
        out.push_back(literal(SqlValue(sqlite3_value_double(value))));
        break;
      default:
        out.push_back(literal(
            SqlValue(std::string(reinterpret_cast<const char*>(sqlite3_value_text(value))))));
    }
  }
  sqlite3_finalize(statement);
  return out;
}

// A LIKE fragment from the middle of a text literal ('' when none is plain ASCII).
std::string like_part(const std::string& literal_text) {
  std::string text = literal_text.substr(1, literal_text.size() - 2);
  if (text.size() < 4) return "";
  std::string part = text.substr(text.size() / 2 - 1, 3);
  for (char c : part) {
    if (c == '%' || c == '_' || c == '\'' || static_cast<unsigned char>(c) >= 0x80) return "";
  }
  return part;
}

std::vector<std::string> scalar_predicates(const std::string& c, const std::vector<std::string>& v,
                                           bool text, const std::string& other) {
  const std::string &a = v.front(), &b = v[v.size() / 2], &z = v.back();
  std::vector<std::string> p = {
      c + " = " + b,
      c + " != " + b,
      c + " < " + b,
      c + " <= " + b,
      c + " > " + b,
      c + " >= " + b,
      c + " IS " + b,
      c + " IS NOT " + b,
      c + " IS NULL",
      c + " IS NOT NULL",
      c + " BETWEEN " + a + " AND " + b,
      c + " NOT BETWEEN " + a + " AND " + b,
      c + " IN (" + a + ", " + b + ", NULL)",
      c + " NOT IN (" + a + ", " + z + ")",
      c + " NOT IN (" + a + ", NULL)",
      "NOT (" + c + " = " + b + ")",
      "NOT (" + c + " > " + b + " OR " + c + " IS NULL)",
      c + " > " + b + " OR " + c + " IS NULL",
      c + " = " + a + " OR " + c + " = " + z + " OR " + c + " IS NULL",
      c + " < " + a + " OR " + c + " > " + b,
      c + " IS NOT NULL OR " + c + " = " + b,
      c + " IN (" + a + ", " + z + ") OR " + c + " IS NULL",
  };
  if (!other.empty()) {
    p.push_back(c + " = " + b + " OR " + other + " IS NULL");
    p.push_back(c + " > " + b + " OR " + other + " IS NOT NULL");
    p.push_back("(" + c + " <= " + b + " OR " + other + " IS NULL) AND " + c + " IS NOT NULL");
    p.push_back(c + " IS NULL OR (" + other + " IS NOT NULL AND " + c + " != " + a + ")");
  }
  if (text) {
    std::string part = like_part(b);
    if (!part.empty()) {
      std::string upper = part;
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      p.push_back(c + " LIKE '%" + part + "%'");
      p.push_back(c + " NOT LIKE '%" + part + "%'");
      p.push_back(c + " LIKE '%" + upper + "%' OR " + c + " IS NULL");
      p.push_back(c + " LIKE '" + b.substr(1, 2) + "%'");
    }
  }
  return p;
}

std::vector<Query> table_queries(sqlite3* db, const OracleTable& table) {
  std::string t = quoted(table.schema) + "." + quoted(table.name);
  const std::string rid = quoted("$reserved_record_id");
  std::vector<Query> queries;
  std::vector<std::string> scalars, presences;
  for (const auto& column : table.columns) {
    (column.kind == Kind::kPresence ? presences : scalars).push_back(quoted(column.name));
  }
  for (const auto& column : table.columns) {
    std::string c = quoted(column.name);
    if (column.kind == Kind::kPresence) {
      for (const std::string& p : {c + " IS NULL", c + " IS NOT NULL"}) {
        queries.push_back({fmt::format("SELECT {} FROM {} WHERE {}", rid, t, p)});
        queries.push_back(
            {fmt::format("SELECT count(*) FROM {} WHERE {} OR {} IS NULL", t, p, scalars.front())});
      }
      continue;
    }
    auto values = samples(db, t, c);
    if (values.empty()) {
      queries.push_back({fmt::format("SELECT {} FROM {} WHERE {} IS NULL", rid, t, c)});
      continue;
    }
    auto next = std::find(scalars.begin(), scalars.end(), c) + 1;
    std::string other = next != scalars.end() && *next != rid ? *next : "";
    if (other.empty() && !presences.empty()) other = presences.front();
    auto predicates = scalar_predicates(c, values, column.kind == Kind::kText, other);
    for (const auto& p : predicates) {
      queries.push_back({fmt::format("SELECT {}, {} FROM {} WHERE {}", rid, c, t, p)});
      if (p.find(" OR ") != std::string::npos) {
        queries.push_back({fmt::format("SELECT count(*) FROM {} WHERE {}", t, p)});
      }
    }
    std::string where = predicates[predicates.size() - 5];
    std::string all_scalars;
    for (const auto& name : scalars) all_scalars += (all_scalars.empty() ? "" : ", ") + name;
    std::string full = fmt::format("SELECT {} FROM {} WHERE {}", all_scalars, t, where);
    queries.push_back({full});
    queries.push_back({full + " LIMIT 7", Query::kLimitSubset, full, 7});
    queries.push_back(
        {fmt::format("SELECT {0}, {1} FROM {2} ORDER BY {0}, {1} LIMIT 10 OFFSET 3", c, rid, t),
         Query::kOrdered});
    queries.push_back({fmt::format("SELECT {0}, {1} FROM {2} WHERE {0} IS NULL OR {0} > {3} "
                                   "ORDER BY {0} DESC, {1} LIMIT 6",
                                   c, rid, t, values[values.size() / 2]),
                       Query::kOrdered});
    std::string sum =
        column.kind == Kind::kText ? "NULL" : fmt::format("printf('%.6f', total({}))", c);
    queries.push_back({fmt::format("SELECT count({0}), count(DISTINCT {0}), min({0}), max({0}), "
                                   "{1} FROM {2}",
                                   c, sum, t),
                       Query::kOrdered});
    if (values.size() <= 12) {
      queries.push_back(
          {fmt::format("SELECT {0}, count(*) FROM {1} WHERE {0} IS NULL OR {0} != {2} GROUP BY {0}",
                       c, t, values.front())});
    }
  }
  // The table with itself: by record id under an OR spanning both sides, and by a value.
  std::string a = scalars.front();
  queries.push_back(
      {fmt::format("SELECT x.{0}, y.{0} FROM {1} x JOIN {1} y ON x.{0} = y.{0} "
                   "WHERE x.{2} IS NULL OR y.{2} IS NOT NULL",
                   rid, t, a)});
  queries.push_back(
      {fmt::format("SELECT count(*) FROM {0} x JOIN {0} y ON x.{1} = y.{1} "
                   "WHERE x.{2} IS NULL OR y.{2} IS NULL",
                   t, scalars.back() == rid ? a : scalars.back(), a)});
  return queries;
}

// Joins of two different tables under ORs.
std::vector<Query> join_queries(const std::vector<OracleTable>& tables) {
  std::vector<Query> queries;
  const std::string rid = quoted("$reserved_record_id");
  for (size_t i = 0; i + 1 < tables.size(); ++i) {
    const auto &x = tables[i], &y = tables[i + 1];
    if (x.rows * y.rows > 200000) continue;
    std::string tx = quoted(x.schema) + "." + quoted(x.name);
    std::string ty = quoted(y.schema) + "." + quoted(y.name);
    auto first_scalar = [](const OracleTable& table) {
      for (const auto& column : table.columns) {
        if (column.kind != Kind::kPresence) return quoted(column.name);
      }
      return quoted("$reserved_record_id");
    };
    std::string cx = first_scalar(x), cy = first_scalar(y);
    queries.push_back(
        {fmt::format("SELECT count(*) FROM {} a, {} b WHERE a.{} IS NULL OR b.{} "
                     "IS NOT NULL",
                     tx, ty, cx, cy)});
    queries.push_back(
        {fmt::format("SELECT a.{0}, b.{0} FROM {1} a JOIN {2} b ON a.{3} = b.{0} "
                     "OR b.{4} IS NULL",
                     rid, tx, ty, rid, cy)});
  }
  return queries;
}

std::vector<std::string> sorted(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

void compare(sqlite3* db, Sql& product, const Query& query) {
  std::vector<std::string> actual;
  try {
    actual = testing::rows_in_order(product.session.run(query.sql));
  } catch (const std::exception& error) {
    ADD_FAILURE() << "the product failed: " << error.what();
    return;
  }
  switch (query.compare) {
    case Query::kMultiset:
      EXPECT_EQ(sorted(actual), sorted(oracle_rows(db, query.sql)));
      break;
    case Query::kOrdered:
      EXPECT_EQ(actual, oracle_rows(db, query.sql));
      break;
    case Query::kLimitSubset: {
      auto full = oracle_rows(db, query.full_sql);
      EXPECT_EQ(actual.size(), std::min(query.limit, full.size()));
      EXPECT_TRUE(testing::is_sub_multiset(actual, full));
      break;
    }
  }
}

}  // namespace

void expect_product_agrees_with_oracle(const std::vector<std::string>& emulator_flags) {
  std::vector<std::string> args = {"--demo", "--rows", testing::kDemoRows};
  args.insert(args.end(), emulator_flags.begin(), emulator_flags.end());
  testing::EmulatorProcess emulator(args);

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
  // The product's documented dialect (docs/sql.md): LIKE is case-sensitive, as in Athena.
  ASSERT_EQ(sqlite3_exec(db.get(), "PRAGMA case_sensitive_like = ON", nullptr, nullptr, nullptr),
            SQLITE_OK);
  auto tables = load_tables(db.get(), emulator.handshake());
  ASSERT_GE(tables.size(), 5u);

  std::vector<std::unique_ptr<Sql>> products;
  products.push_back(std::make_unique<Sql>(testing::demo_config(emulator, true)));
  // Without pushdown the emulator's filter semantics play no part: one run is enough.
  if (emulator_flags.empty()) {
    products.push_back(std::make_unique<Sql>(testing::demo_config(emulator, false)));
  }

  std::vector<Query> queries;
  size_t oracle_columns = 0;
  for (const auto& table : tables) {
    // The oracle's columns are the product's, by name, in order.
    auto schema = products.front()->connector->get_table(table.schema, table.name);
    std::vector<std::string> names;
    for (const auto& column : schema.columns()) names.push_back(column.name);
    std::vector<std::string> expected;
    for (const auto& column : table.columns) expected.push_back(column.name);
    EXPECT_EQ(names, expected) << table.schema << "." << table.name;
    oracle_columns += table.columns.size();
    auto more = table_queries(db.get(), table);
    queries.insert(queries.end(), more.begin(), more.end());
  }
  auto joins = join_queries(tables);
  queries.insert(queries.end(), joins.begin(), joins.end());
  ASSERT_GE(oracle_columns, 50u);
  ASSERT_GE(queries.size(), 1000u);

  size_t with_rows = 0;
  for (const auto& query : queries) {
    SCOPED_TRACE(query.sql);
    if (!oracle_rows(db.get(), query.sql).empty()) ++with_rows;
    for (auto& product : products) compare(db.get(), *product, query);
    if (::testing::Test::HasFailure() && ::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GE(with_rows, queries.size() / 2);
}

}  // namespace larkbase::sqlite::oracle
