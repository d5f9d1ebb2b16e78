#include "loader/sqlite_db.hpp"

#include <algorithm>
#include <memory>

#include "common/error.hpp"

namespace larkbase::loader {
namespace {

struct StmtCloser {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtCloser>;

bool is_transient(int code) { return code == SQLITE_BUSY || code == SQLITE_LOCKED; }

}  // namespace

SqliteDb::SqliteDb(const std::string& path) : path_(path) {
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw common::UserError("cannot open SQLite database '" + path + "': " + message);
  }
  // Several loader processes may share one file: wait for the write lock
  // instead of failing at once, and let readers run beside one writer.
  sqlite3_busy_timeout(db_, 30000);
  exec_script("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

void SqliteDb::fail(const std::string& what) const {
  int code = sqlite3_extended_errcode(db_);
  std::string message = "SQLite database '" + path_ + "': " + what + ": " + sqlite3_errmsg(db_);
  if (is_transient(code & 0xff))
    throw common::ExternalError(message + " (database is locked)", true);
  throw common::ExternalError(message);
}

std::vector<std::string> SqliteDb::step_all(const std::string& sql, const Params& params,
                                            std::size_t batch_rows, const BatchFn& on_batch,
                                            std::vector<std::string>* types) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) fail("prepare failed");
  Stmt stmt(raw);
  for (std::size_t i = 0; i < params.size(); ++i) {
    std::string name = "$" + std::to_string(i + 1);
    int index = sqlite3_bind_parameter_index(raw, name.c_str());
    if (index == 0) continue;  // a parameter the statement does not use
    int rc = params[i] ? sqlite3_bind_text(raw, index, params[i]->data(),
                                           static_cast<int>(params[i]->size()), SQLITE_TRANSIENT)
                       : sqlite3_bind_null(raw, index);
    if (rc != SQLITE_OK) fail("bind failed");
  }
  std::vector<std::string> names;
  int columns = sqlite3_column_count(raw);
  for (int c = 0; c < columns; ++c) {
    names.emplace_back(sqlite3_column_name(raw, c));
    const char* declared = sqlite3_column_decltype(raw, c);
    if (types) types->emplace_back(declared ? declared : "");
  }
  std::vector<Row> batch;
  for (;;) {
    int rc = sqlite3_step(raw);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail("statement failed");
    Row row;
    row.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(raw, c) == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
      } else {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, c));
        row.emplace_back(std::string(text, sqlite3_column_bytes(raw, c)));
      }
    }
    batch.push_back(std::move(row));
    if (batch_rows > 0 && batch.size() >= batch_rows) {
      on_batch(batch);
      batch.clear();
    }
  }
  if (!batch.empty() || batch_rows == 0) on_batch(batch);
  return names;
}

Result SqliteDb::exec(const std::string& sql, const Params& params) {
  Result result;
  result.columns = step_all(
      sql, params, 0, [&](std::vector<Row>& rows) { result.rows = std::move(rows); },
      &result.column_types);
  result.affected = sqlite3_changes64(db_);
  return result;
}

void SqliteDb::query_batches(const std::string& sql, const Params& params, std::size_t batch_rows,
                             const BatchFn& on_batch) {
  step_all(sql, params, std::max<std::size_t>(1, batch_rows), on_batch);
}

void SqliteDb::exec_script(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw common::ExternalError("SQLite database '" + path_ + "': " + message);
  }
}

void SqliteDb::bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                           const std::vector<Row>& rows) {
  std::string sql = "INSERT INTO " + table + " (";
  std::string values;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    sql += (i ? ", " : "") + columns[i];
    values += (i ? ", $" : "$") + std::to_string(i + 1);
  }
  sql += ") VALUES (" + values + ")";
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) fail("prepare failed");
  Stmt stmt(raw);
  for (const Row& row : rows) {
    sqlite3_reset(raw);
    for (std::size_t i = 0; i < row.size(); ++i) {
      int index = static_cast<int>(i + 1);
      if (row[i]) {
        sqlite3_bind_text(raw, index, row[i]->data(), static_cast<int>(row[i]->size()),
                          SQLITE_TRANSIENT);
      } else {
        sqlite3_bind_null(raw, index);
      }
    }
    if (sqlite3_step(raw) != SQLITE_DONE) fail("insert into " + table + " failed");
  }
}

void SqliteDb::begin() { exec_script("BEGIN IMMEDIATE"); }
void SqliteDb::commit() { exec_script("COMMIT"); }
void SqliteDb::rollback() noexcept { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

}  // namespace larkbase::loader
