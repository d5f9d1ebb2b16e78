#include "sqlite/sql_session.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

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
// may not change it afterwards. Lark tables are read-only: a user statement may not
// drop, rename or create tables in a Lark schema (that would break the session's
// map of created tables), nor detach one. The session's own statements pass.
int authorize(void* context, int action, const char* first, const char* second,
              const char* database, const char*) {
  auto& guard = *static_cast<WriteGuard*>(context);
  if (action == SQLITE_PRAGMA && first && second &&
      sqlite3_stricmp(first, "case_sensitive_like") == 0) {
    return SQLITE_DENY;
  }
  if (guard.internal) return SQLITE_OK;
  auto lark_schema = [&](const char* name) { return name && guard.schemas.count(lower(name)) > 0; };
  switch (action) {
    case SQLITE_DROP_VTABLE:
      if (second && sqlite3_stricmp(second, "lark") == 0) {
        guard.refused =
            fmt::format("Lark tables are read-only: '{}' cannot be dropped", first ? first : "");
        return SQLITE_DENY;
      }
      return SQLITE_OK;
    case SQLITE_ALTER_TABLE:
      if (lark_schema(first)) {
        guard.refused = fmt::format("Lark tables are read-only: '{}.{}' cannot be altered", first,
                                    second ? second : "");
        return SQLITE_DENY;
      }
      return SQLITE_OK;
    case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_INDEX:
    case SQLITE_CREATE_VIEW:
    case SQLITE_CREATE_TRIGGER:
    case SQLITE_CREATE_VTABLE:
    case SQLITE_DROP_TABLE:
    case SQLITE_DROP_INDEX:
    case SQLITE_DROP_VIEW:
    case SQLITE_DROP_TRIGGER:
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
      if (lark_schema(database)) {
        guard.refused = fmt::format(
            "schema '{}' holds Lark tables and is read-only; create local tables in temp "
            "(CREATE TEMP TABLE ...)",
            database);
        return SQLITE_DENY;
      }
      return SQLITE_OK;
    case SQLITE_DETACH:
      if (lark_schema(first)) {
        guard.refused = fmt::format("schema '{}' holds Lark tables and cannot be detached", first);
        return SQLITE_DENY;
      }
      return SQLITE_OK;
    default:
      return SQLITE_OK;
  }
}

SqlValue column_value(sqlite3_stmt* statement, int i) {
  switch (sqlite3_column_type(statement, i)) {
    case SQLITE_INTEGER:
      return int64_t{sqlite3_column_int64(statement, i)};
    case SQLITE_FLOAT:
      return sqlite3_column_double(statement, i);
    case SQLITE_NULL:
      return std::monostate{};
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement, i));
      return SqlBlob{std::string(bytes ? bytes : "", size_t(sqlite3_column_bytes(statement, i)))};
    }
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, i));
      return std::string(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(statement, i)));
    }
  }
}

// Whether `tail` holds no further statement (only blanks, `;` and comments).
bool no_statement_in(const char* tail) {
  std::string_view rest(tail);
  while (!rest.empty()) {
    if (std::isspace(static_cast<unsigned char>(rest.front())) || rest.front() == ';') {
      rest.remove_prefix(1);
    } else if (rest.substr(0, 2) == "--") {
      auto end = rest.find('\n');
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    } else if (rest.substr(0, 2) == "/*") {
      auto end = rest.find("*/", 2);
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 2);
    } else {
      return false;
    }
  }
  return true;
}

// Collects every row: SqlSession::run(sql) for tests and small results.
class CollectingSink final : public RowSink {
 public:
  explicit CollectingSink(SqlResult& result) : result_(result) {}
  void begin(const std::vector<ResultColumn>& columns) override {
    for (const auto& column : columns) {
      result_.columns.push_back(column.name);
      result_.declared_types.push_back(column.declared_type);
    }
  }
  void row(const std::vector<SqlValue>& values) override { result_.rows.push_back(values); }
  void end() override {}

 private:
  SqlResult& result_;
};

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
  sqlite3_set_authorizer(db_, authorize, &guard_);
}

SqlSession::~SqlSession() { sqlite3_close_v2(db_); }

void SqlSession::fail(const std::string& what, std::optional<std::string> detail) {
  if (state_.error) {
    auto error = state_.error;
    state_.error = nullptr;
    std::rethrow_exception(error);
  }
  if (!guard_.refused.empty()) {
    std::string refused;
    refused.swap(guard_.refused);
    throw common::UserError(refused);
  }
  throw common::UserError(what + ": " + (detail ? *detail : std::string(sqlite3_errmsg(db_))));
}

void SqlSession::exec(const std::string& sql) {
  state_.error = nullptr;
  guard_.internal = true;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  guard_.internal = false;
  if (rc != SQLITE_OK) {
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
    guard_.schemas.insert(lower(database));
  }
  exec(fmt::format("CREATE VIRTUAL TABLE {}.{} USING lark({}, {})", quote_identifier(database),
                   quote_identifier(table), quote_identifier(schema), quote_identifier(table)));
  lark_tables_[lower(database + "." + table)] = {schema, table};
}

sqlite3_stmt* SqlSession::prepare(const char*& rest) {
  for (int attempt = 0; attempt <= kMaxTablesPerStatement; ++attempt) {
    state_.error = nullptr;
    guard_.refused.clear();
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

std::vector<ResultColumn> SqlSession::result_columns(sqlite3_stmt* statement) {
  std::vector<ResultColumn> columns;
  int count = sqlite3_column_count(statement);
  for (int i = 0; i < count; ++i) {
    ResultColumn column;
    column.name = sqlite3_column_name(statement, i);
    const char* declared = sqlite3_column_decltype(statement, i);
    column.declared_type = declared ? declared : "";
    const char* database = sqlite3_column_database_name(statement, i);
    const char* table = sqlite3_column_table_name(statement, i);
    const char* origin = sqlite3_column_origin_name(statement, i);
    if (database && table && origin) {
      auto found = lark_tables_.find(lower(std::string(database) + "." + table));
      if (found != lark_tables_.end()) {
        auto schema = state_.connector.get_table(found->second.first, found->second.second);
        if (const auto* lark_column = schema.find(origin))
          column.lark_type = lark_column->field.type;
      }
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

// Steps `statement` to its end; with a sink, hands it the columns (once the first
// step succeeded, so a read that fails at once prints nothing) and every row.
void SqlSession::execute(sqlite3_stmt* statement, RowSink* sink) {
  state_.snapshots.clear();  // a statement never sees an earlier statement's snapshot
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owned(statement, sqlite3_finalize);
  const int count = sqlite3_column_count(statement);
  std::vector<SqlValue> row(static_cast<size_t>(count));
  state_.error = nullptr;
  bool begun = false;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    if (!sink) continue;
    if (!begun) sink->begin(result_columns(statement));
    begun = true;
    for (int i = 0; i < count; ++i) row[size_t(i)] = column_value(statement, i);
    sink->row(row);
  }
  if (rc != SQLITE_DONE) {
    std::string message = sqlite3_errmsg(db_);  // before finalize can touch it
    owned.reset();
    state_.snapshots.clear();
    fail("query failed", message);
  }
  if (sink && !begun) sink->begin(result_columns(statement));
  owned.reset();
  state_.snapshots.clear();  // a snapshot never outlives its statement
  if (sink) sink->end();
}

void SqlSession::run(std::string_view sql, RowSink& sink) {
  std::string text(sql);
  const char* rest = text.c_str();
  bool delivered = false;
  while (*rest != '\0') {
    sqlite3_stmt* statement = prepare(rest);
    if (statement == nullptr) break;
    const bool last = no_statement_in(rest);
    execute(statement, last ? &sink : nullptr);
    delivered |= last;
  }
  if (!delivered) {
    sink.begin({});
    sink.end();
  }
}

SqlResult SqlSession::run(std::string_view sql) {
  SqlResult result;
  CollectingSink sink(result);
  run(sql, sink);
  return result;
}

}  // namespace larkbase::sqlite
