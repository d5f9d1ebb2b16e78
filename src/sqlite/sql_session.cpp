#include "sqlite/sql_session.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "common/error.hpp"
#include "sqlite/lark_table_function.hpp"
#include "sqlite/sql_type.hpp"

namespace larkbase::sqlite {
namespace {

constexpr std::string_view kNoSuchTable = "no such table: ";
constexpr int kMaxTablesPerStatement = 64;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// LIKE is case-sensitive in this shell, as in Athena, so local and production
// results agree; the virtual tables evaluate pushed LIKEs that way, so the pragma
// may not change it afterwards.
int authorize(void*, int action, const char* first, const char* second, const char*, const char*) {
  if (action == SQLITE_PRAGMA && first && second &&
      sqlite3_stricmp(first, "case_sensitive_like") == 0) {
    return SQLITE_DENY;
  }
  return SQLITE_OK;
}

SqlValue column_value(sqlite3_stmt* statement, int i) {
  switch (sqlite3_column_type(statement, i)) {
    case SQLITE_INTEGER:
      return int64_t{sqlite3_column_int64(statement, i)};
    case SQLITE_FLOAT:
      return sqlite3_column_double(statement, i);
    case SQLITE_NULL:
      return std::monostate{};
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, i));
      return std::string(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(statement, i)));
    }
  }
}

}  // namespace

SqlSession::SqlSession(connector::Connector& connector) : state_(connector) {
  if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw common::InternalError("could not open an in-memory SQLite database: " + message);
  }
  register_lark_module(db_, state_);
  register_lark_table_function(db_, state_);
  exec("PRAGMA case_sensitive_like = ON");
  sqlite3_set_authorizer(db_, authorize, nullptr);
}

SqlSession::~SqlSession() { sqlite3_close_v2(db_); }

void SqlSession::fail(const std::string& what) {
  if (state_.error) {
    auto error = state_.error;
    state_.error = nullptr;
    std::rethrow_exception(error);
  }
  throw common::UserError(what + ": " + sqlite3_errmsg(db_));
}

void SqlSession::exec(const std::string& sql) {
  state_.error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    fail("SQL error in '" + sql + "'");
  }
}

std::string SqlSession::schema_of_unqualified(const std::string& table) {
  std::vector<std::string> owners;
  for (const auto& schema : state_.connector.list_schemas()) {
    auto tables = state_.connector.list_tables(schema);
    if (std::find(tables.begin(), tables.end(), lower(table)) != tables.end()) {
      owners.push_back(schema);
    }
  }
  if (owners.size() == 1) return owners.front();
  if (owners.empty()) {
    throw common::UserError(fmt::format(
        "unknown table '{}': name tables as schema.table (see `larkbase tables`)", table));
  }
  throw common::UserError(fmt::format("table '{}' is in several schemas ({}); write schema.{}",
                                      table, fmt::join(owners, ", "), table));
}

void SqlSession::create_table(const std::string& name) {
  if (created_.count(lower(name))) {  // created, yet still missing: do not loop
    throw common::UserError("no such table: " + name);
  }
  created_.insert(lower(name));
  auto dot = name.find('.');
  std::string table = dot == std::string::npos ? name : name.substr(dot + 1);
  std::string schema = dot == std::string::npos ? schema_of_unqualified(name) : name.substr(0, dot);
  std::string database = dot == std::string::npos ? "main" : schema;
  if (database != "main" && database != "temp" && !attached_.count(lower(database))) {
    exec("ATTACH DATABASE ':memory:' AS " + quote_identifier(database));
    attached_.insert(lower(database));
  }
  exec(fmt::format("CREATE VIRTUAL TABLE {}.{} USING lark({}, {})", quote_identifier(database),
                   quote_identifier(table), quote_identifier(schema), quote_identifier(table)));
}

sqlite3_stmt* SqlSession::prepare(const char*& rest) {
  for (int attempt = 0; attempt <= kMaxTablesPerStatement; ++attempt) {
    state_.error = nullptr;
    sqlite3_stmt* statement = nullptr;
    const char* tail = rest;
    if (sqlite3_prepare_v2(db_, rest, -1, &statement, &tail) == SQLITE_OK) {
      rest = tail;
      return statement;  // null for a blank or comment-only tail
    }
    std::string message = sqlite3_errmsg(db_);
    if (state_.error || message.rfind(kNoSuchTable, 0) != 0) fail("SQL error");
    create_table(message.substr(kNoSuchTable.size()));
  }
  throw common::UserError(
      fmt::format("a statement may name at most {} Lark tables", kMaxTablesPerStatement));
}

SqlResult SqlSession::execute(sqlite3_stmt* statement) {
  state_.snapshots.clear();  // a statement never sees an earlier statement's snapshot
  SqlResult result;
  int count = sqlite3_column_count(statement);
  for (int i = 0; i < count; ++i) {
    result.columns.push_back(sqlite3_column_name(statement, i));
    const char* declared = sqlite3_column_decltype(statement, i);
    result.declared_types.push_back(declared ? declared : "");
  }
  state_.error = nullptr;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    std::vector<SqlValue> row;
    row.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) row.push_back(column_value(statement, i));
    result.rows.push_back(std::move(row));
  }
  sqlite3_finalize(statement);
  if (rc != SQLITE_DONE) fail("query failed");
  return result;
}

SqlResult SqlSession::run(std::string_view sql) {
  std::string text(sql);
  const char* rest = text.c_str();
  SqlResult last;
  while (*rest != '\0') {
    sqlite3_stmt* statement = prepare(rest);
    if (statement == nullptr) break;
    SqlResult result = execute(statement);
    if (!result.columns.empty()) last = std::move(result);
  }
  return last;
}

}  // namespace larkbase::sqlite
