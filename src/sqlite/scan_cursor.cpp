#include "sqlite/scan_cursor.hpp"

#include "common/error.hpp"

namespace larkbase::sqlite {
namespace {

int disconnect(sqlite3_vtab* vtab) {
  delete &vtab_of(vtab);
  return SQLITE_OK;
}

int open_cursor(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  *out = &(new ScanCursor())->base;
  return SQLITE_OK;
}

int close_cursor(sqlite3_vtab_cursor* cursor) {
  auto* scan = &cursor_of(cursor);
  flush_stats(*scan);
  delete scan;
  return SQLITE_OK;
}

// Moves to the next row, and tells the session's listener about each new batch.
int next(sqlite3_vtab_cursor* cursor) {
  auto& scan = cursor_of(cursor);
  try {
    scan.rows->next();
    auto& session = *vtab_of(cursor->pVtab).state;
    if (session.on_batch && scan.record && !scan.rows->eof() && scan.rows->row() == 0) {
      session.on_batch(scan.record->table, scan.rows->stats());
    }
    return SQLITE_OK;
  } catch (const std::exception& error) {
    return fail_with_current_exception(cursor->pVtab, error);
  }
}

int eof(sqlite3_vtab_cursor* cursor) {
  auto& scan = cursor_of(cursor);
  return !scan.rows || scan.rows->eof() ? 1 : 0;
}

// Both modules are WITHOUT ROWID (the record id is the identity), so SQLite
// never asks; should it, an error beats an identity that is not one.
int rowid(sqlite3_vtab_cursor* cursor, sqlite3_int64*) {
  sqlite3_free(cursor->pVtab->zErrMsg);
  cursor->pVtab->zErrMsg =
      sqlite3_mprintf("Lark tables have no rowid: use \"$reserved_record_id\"");
  return SQLITE_ERROR;
}

}  // namespace

ScanVtab& vtab_of(sqlite3_vtab* vtab) { return *reinterpret_cast<ScanVtab*>(vtab); }
ScanCursor& cursor_of(sqlite3_vtab_cursor* cursor) {
  return *reinterpret_cast<ScanCursor*>(cursor);
}

int fail_with_current_exception(sqlite3_vtab* vtab, const std::exception& error) {
  vtab_of(vtab).state->error = std::current_exception();
  sqlite3_free(vtab->zErrMsg);
  vtab->zErrMsg = sqlite3_mprintf("%s", error.what());
  return SQLITE_ERROR;
}

int fail_cell(sqlite3_vtab_cursor* cursor, sqlite3_context* context, const std::exception& error) {
  vtab_of(cursor->pVtab).state->error = std::current_exception();
  sqlite3_result_error(context, error.what(), -1);
  return SQLITE_ERROR;
}

void register_module(sqlite3* db, const char* name, const sqlite3_module& module,
                     SessionState& state) {
  if (sqlite3_create_module_v2(db, name, &module, &state, nullptr) != SQLITE_OK) {
    throw common::InternalError(std::string("could not register the SQLite module ") + name + ": " +
                                sqlite3_errmsg(db));
  }
}

void flush_stats(ScanCursor& cursor) {
  if (cursor.record && cursor.rows) cursor.record->stats.add(cursor.rows->stats());
  cursor.rows.reset();
  cursor.record = nullptr;
}

void start_scan(ScanCursor& cursor, SessionState& state, const std::string& table_name,
                connector::ScanPlan plan, const std::vector<std::string>& local) {
  flush_stats(cursor);
  cursor.record = &state.log.record(table_name, plan, local);
  cursor.record->scans += 1;
  std::unique_ptr<connector::BatchReader> snapshot_reader;
  if (plan.splits.size() == 1) {
    snapshot_reader =
        state.snapshots.reader_for(plan.splits[0], state.connector, cursor.record->stats);
  }
  if (snapshot_reader) {
    cursor.record->snapshot_scans += 1;
    cursor.rows = std::make_unique<RowStream>(state.connector, std::move(snapshot_reader));
  } else {
    cursor.rows = std::make_unique<RowStream>(state.connector, std::move(plan.splits));
  }
}

sqlite3_module scan_module() {
  sqlite3_module module{};
  module.iVersion = 1;
  module.xDisconnect = disconnect;
  module.xDestroy = disconnect;
  module.xOpen = open_cursor;
  module.xClose = close_cursor;
  module.xNext = next;
  module.xEof = eof;
  module.xRowid = rowid;
  return module;
}

}  // namespace larkbase::sqlite
