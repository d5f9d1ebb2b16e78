#pragma once
// A local SQL session over the connector: an in-memory SQLite database where
// `schema.table` names a Lark table. A schema is ATTACHed (as an empty in-memory
// database) and a table's virtual table created the first time a statement names
// it, so a query costs Lark calls only for the tables it uses. An unqualified
// table name works when exactly one schema has a table of that name.
#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "connector/connector.hpp"
#include "sqlite/lark_module.hpp"
#include "sqlite/scan_log.hpp"

namespace larkbase::sqlite {

using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;  // NULL first

struct SqlResult {
  std::vector<std::string> columns;
  // Per column, the declared type when the column is a table column read directly
  // ("INTEGER", "REAL", "TEXT" for Lark tables), else empty (an expression).
  std::vector<std::string> declared_types;
  std::vector<std::vector<SqlValue>> rows;
};

class SqlSession {
 public:
  // `connector` must outlive the session.
  explicit SqlSession(connector::Connector& connector);
  ~SqlSession();
  SqlSession(const SqlSession&) = delete;
  SqlSession& operator=(const SqlSession&) = delete;

  // Runs every statement of `sql` and returns the rows of the last statement that
  // has result columns. All rows are collected before returning: a failed read
  // fails the whole call, no partial result escapes. Throws the connector's error
  // (ExternalError for Lark failures, UserError for unknown tables) or UserError
  // for SQL errors.
  SqlResult run(std::string_view sql);

  const ScanLog& scans() const { return state_.log; }
  void clear_scans() { state_.log.clear(); }
  // See SessionState::on_batch.
  void on_batch(std::function<void(const std::string&, const connector::ReadStats&)> listener) {
    state_.on_batch = std::move(listener);
  }
  connector::Connector& connector() { return state_.connector; }
  // Whether repeated scans of a table within a statement may be answered from a
  // snapshot of it (on by default; off only to measure what snapshots save).
  void set_table_snapshots(bool enabled) { state_.snapshots.set_enabled(enabled); }

 private:
  sqlite3_stmt* prepare(const char*& rest);
  SqlResult execute(sqlite3_stmt* statement);
  void exec(const std::string& sql);
  [[noreturn]] void fail(const std::string& what);
  // Creates the virtual table SQLite reported missing ("schema.table" or "table");
  // throws UserError naming it when the catalog has no such table.
  void create_table(const std::string& name);
  std::string schema_of_unqualified(const std::string& table);

  SessionState state_;
  sqlite3* db_ = nullptr;
  std::set<std::string> attached_;
  std::set<std::string> created_;
};

}  // namespace larkbase::sqlite
