#pragma once
// A local SQL session over the connector: an in-memory SQLite database where
// `schema.table` names a Lark table. A schema is ATTACHed (as an empty in-memory
// database) and a table's virtual table created the first time a statement names
// it, so a query costs Lark calls only for the tables it uses. An unqualified
// table name works when exactly one schema has a table of that name.
#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "columnar/data_type.hpp"
#include "connector/connector.hpp"
#include "sqlite/lark_module.hpp"
#include "sqlite/scan_log.hpp"

namespace larkbase::sqlite {

// A BLOB value (kept apart from text: output formats encode it differently).
struct SqlBlob {
  std::string bytes;
  bool operator==(const SqlBlob&) const = default;
};

using SqlValue = std::variant<std::monostate, int64_t, double, std::string, SqlBlob>;  // NULL first

// One result column.
struct ResultColumn {
  std::string name;
  // The declared type when the column is a table column read directly ("INTEGER",
  // "REAL", "TEXT" for Lark tables), else empty (an expression).
  std::string declared_type;
  // When the column is a Lark table's column read directly: its type under the type
  // contract (Bool, Int32, List, Struct, ...); null for an expression.
  columnar::DataTypePtr lark_type;
};

// Receives the rows of a statement as they are produced, so output never needs to
// hold them all. begin() comes first, then row() per row, then end() only when the
// statement completed: a failed read throws from run() after some rows may have
// been delivered, and end() is never called for it.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void begin(const std::vector<ResultColumn>& columns) = 0;
  virtual void row(const std::vector<SqlValue>& values) = 0;
  virtual void end() = 0;
};

struct SqlResult {
  std::vector<std::string> columns;
  // Per column, ResultColumn::declared_type.
  std::vector<std::string> declared_types;
  std::vector<std::vector<SqlValue>> rows;
};

// What the authorizer needs to refuse writes to the Lark schemas.
struct WriteGuard {
  std::set<std::string> schemas;  // attached Lark schemas, lower case
  bool internal = false;          // the session's own statement is running
  std::string refused;            // why the last statement was refused
};

class SqlSession {
 public:
  // `connector` must outlive the session.
  explicit SqlSession(connector::Connector& connector);
  ~SqlSession();
  SqlSession(const SqlSession&) = delete;
  SqlSession& operator=(const SqlSession&) = delete;

  // Runs every statement of `sql` in order and streams the rows of the last one to
  // `sink` (the rows of earlier statements are stepped through and dropped, so a
  // script's setup statements print nothing). Throws the connector's error
  // (ExternalError for Lark failures, UserError for unknown tables) or UserError for
  // SQL errors; rows delivered before the failure are not complete, and the sink's
  // end() is not called.
  void run(std::string_view sql, RowSink& sink);

  // The same, collecting the last statement's rows (for tests and small results):
  // a failed read fails the whole call, no partial result escapes.
  SqlResult run(std::string_view sql);

  const ScanLog& scans() const { return state_.log; }
  void clear_scans() { state_.log.clear(); }
  // See SessionState::on_batch.
  void on_batch(std::function<void(const std::string&, const connector::ReadStats&)> listener) {
    state_.on_batch = std::move(listener);
  }
  connector::Connector& connector() { return state_.connector; }
  // Asks the running statement to stop at its next row (sqlite3_interrupt: safe
  // from a signal handler or another thread); it then fails with "interrupted".
  void interrupt() { sqlite3_interrupt(db_); }
  // Whether repeated scans of a table within a statement may be answered from a
  // snapshot of it (on by default; off only to measure what snapshots save).
  void set_table_snapshots(bool enabled) { state_.snapshots.set_enabled(enabled); }

 private:
  sqlite3_stmt* prepare(const char*& rest);
  void execute(sqlite3_stmt* statement, RowSink* sink);
  std::vector<ResultColumn> result_columns(sqlite3_stmt* statement);
  void exec(const std::string& sql);
  [[noreturn]] void fail(const std::string& what, std::optional<std::string> detail = {});
  // Creates the virtual table SQLite reported missing ("schema.table" or "table");
  // throws UserError naming it when the catalog has no such table.
  void create_table(const std::string& name);
  std::string schema_of_unqualified(const std::string& table);

  SessionState state_;
  WriteGuard guard_;
  sqlite3* db_ = nullptr;
  std::set<std::string> attached_;
  std::set<std::string> created_;
  // "database.table" (lower case) of each created virtual table → {schema, table}.
  std::map<std::string, std::pair<std::string, std::string>> lark_tables_;
};

}  // namespace larkbase::sqlite
