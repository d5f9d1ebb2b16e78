#pragma once
// What the two virtual-table modules (`lark` tables and `lark_table()`) share:
// the session state their vtabs point to, one cursor type holding a scan's row
// stream and its report, and the module callbacks that do not depend on which
// module it is (open, close, next, eof, rowid). Both modules are WITHOUT ROWID:
// the record id is the primary key and the row identity SQLite sees.
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "sqlite/bound_table.hpp"
#include "sqlite/lark_module.hpp"
#include "sqlite/row_stream.hpp"

namespace larkbase::sqlite {

// The vtab of either module: the session and, for `lark`, the table it names.
struct ScanVtab {
  sqlite3_vtab base{};  // first: SQLite casts between the two
  SessionState* state = nullptr;
  std::unique_ptr<BoundTable> table;  // lark_table(): null, the cursor binds one per scan
};

struct ScanCursor {
  sqlite3_vtab_cursor base{};         // first: SQLite casts between the two
  std::unique_ptr<BoundTable> table;  // lark_table(): the table of the current scan
  std::unique_ptr<RowStream> rows;
  std::vector<int> batch_column;  // declared column → batch column (-1: not read)
  ScanRecord* record = nullptr;
  std::string app_token, table_id;  // lark_table()'s arguments
};

ScanVtab& vtab_of(sqlite3_vtab* vtab);
ScanCursor& cursor_of(sqlite3_vtab_cursor* cursor);

// Keeps the exception for the session to rethrow with its kind, and puts its
// message on the vtab. Returns SQLITE_ERROR. Call from a catch block.
int fail_with_current_exception(sqlite3_vtab* vtab, const std::exception& error);

// xColumn's failure: keeps the exception for the session and makes the cell an
// SQLite error. Returns SQLITE_ERROR. Call from a catch block.
int fail_cell(sqlite3_vtab_cursor* cursor, sqlite3_context* context, const std::exception& error);

// Registers `module` as `name` on `db` for the session `state`; InternalError
// when SQLite refuses.
void register_module(sqlite3* db, const char* name, const sqlite3_module& module,
                     SessionState& state);

// Adds the finished stream's counters to its scan record and drops the stream.
void flush_stats(ScanCursor& cursor);

// Starts reading `plan`'s splits for the cursor, reported under `table_name`.
void start_scan(ScanCursor& cursor, SessionState& state, const std::string& table_name,
                connector::ScanPlan plan, const std::vector<std::string>& local);

// A module with the shared callbacks filled in; the caller sets connect,
// best_index, filter and column.
sqlite3_module scan_module();

}  // namespace larkbase::sqlite
