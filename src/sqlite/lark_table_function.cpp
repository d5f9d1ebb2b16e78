#include "sqlite/lark_table_function.hpp"

#include <memory>
#include <string>

#include "columnar/cell_json.hpp"
#include "common/error.hpp"
#include "sqlite/bound_table.hpp"
#include "sqlite/row_stream.hpp"

namespace larkbase::sqlite {
namespace {

enum Column { kRecordId = 0, kFields = 1, kAppToken = 2, kTableId = 3 };
constexpr const char* kDeclaration =
    "CREATE TABLE x(record_id TEXT, fields TEXT, app_token HIDDEN, table_id HIDDEN)";
constexpr const char* kRecordIdColumn = "$reserved_record_id";

struct FunctionVtab {
  sqlite3_vtab base{};  // first: SQLite casts between the two
  SessionState* state = nullptr;
};

struct FunctionCursor {
  sqlite3_vtab_cursor base{};
  std::unique_ptr<BoundTable> table;
  std::unique_ptr<RowStream> rows;
  ScanRecord* record = nullptr;
  std::string app_token, table_id;
  sqlite3_int64 rowid = 0;
};

SessionState& state_of(sqlite3_vtab* vtab) { return *reinterpret_cast<FunctionVtab*>(vtab)->state; }
FunctionCursor& cursor_of(sqlite3_vtab_cursor* cursor) {
  return *reinterpret_cast<FunctionCursor*>(cursor);
}

int fail(sqlite3_vtab* vtab, const std::exception& error) {
  state_of(vtab).error = std::current_exception();
  sqlite3_free(vtab->zErrMsg);
  vtab->zErrMsg = sqlite3_mprintf("%s", error.what());
  return SQLITE_ERROR;
}

int connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  int rc = sqlite3_declare_vtab(db, kDeclaration);
  if (rc != SQLITE_OK) return rc;
  auto* vtab = new FunctionVtab();
  vtab->state = static_cast<SessionState*>(aux);
  *out = &vtab->base;
  return SQLITE_OK;
}

int disconnect(sqlite3_vtab* vtab) {
  delete reinterpret_cast<FunctionVtab*>(vtab);
  return SQLITE_OK;
}

// Both arguments must be bound (`= value`); other plans are refused so SQLite
// reports a missing argument instead of scanning "every table".
int best_index(sqlite3_vtab* vtab, sqlite3_index_info* info) {
  int app_token = -1, table_id = -1;
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& constraint = info->aConstraint[i];
    if (constraint.op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
    if (constraint.iColumn == kAppToken) app_token = constraint.usable ? i : -2;
    if (constraint.iColumn == kTableId) table_id = constraint.usable ? i : -2;
  }
  if (app_token == -2 || table_id == -2) return SQLITE_CONSTRAINT;
  if (app_token < 0 || table_id < 0) {
    sqlite3_free(vtab->zErrMsg);
    vtab->zErrMsg =
        sqlite3_mprintf("lark_table needs both arguments: lark_table('APP_TOKEN', 'TABLE_ID')");
    return SQLITE_ERROR;
  }
  info->aConstraintUsage[app_token] = {1, 1};
  info->aConstraintUsage[table_id] = {2, 1};
  info->estimatedCost = 1e6;
  return SQLITE_OK;
}

int open_cursor(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  *out = &(new FunctionCursor())->base;
  return SQLITE_OK;
}

void flush_stats(FunctionCursor& cursor) {
  if (cursor.record && cursor.rows) accumulate(cursor.record->stats, cursor.rows->stats());
  cursor.rows.reset();
  cursor.record = nullptr;
}

int close_cursor(sqlite3_vtab_cursor* cursor) {
  auto* function = &cursor_of(cursor);
  flush_stats(*function);
  delete function;
  return SQLITE_OK;
}

std::string text_argument(sqlite3_value* value, const char* name) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  if (sqlite3_value_type(value) != SQLITE_TEXT || text == nullptr || *text == '\0') {
    throw common::UserError(std::string("lark_table(app_token, table_id): ") + name +
                            " must be a non-empty text, e.g. lark_table('bascn…', 'tbl…')");
  }
  return text;
}

int filter(sqlite3_vtab_cursor* cursor, int, const char*, int argc, sqlite3_value** argv) {
  auto& state = cursor_of(cursor);
  auto& session = state_of(cursor->pVtab);
  try {
    flush_stats(state);
    if (argc != 2) throw common::InternalError("lark_table: expected two arguments");
    state.app_token = text_argument(argv[0], "app_token");
    state.table_id = text_argument(argv[1], "table_id");
    state.table = std::make_unique<BoundTable>(
        BoundTable::by_id(session.connector, state.app_token, state.table_id));
    connector::ScanPlan plan = state.table->plan(session.connector, {});
    state.record = &session.log.record(state.table->qualified_name(), plan, {});
    state.record->scans += 1;
    state.rows = std::make_unique<RowStream>(session.connector, std::move(plan.splits));
    state.rowid = 0;
    return SQLITE_OK;
  } catch (const std::exception& error) {
    return fail(cursor->pVtab, error);
  }
}

int next(sqlite3_vtab_cursor* cursor) {
  try {
    cursor_of(cursor).rows->next();
    cursor_of(cursor).rowid += 1;
    return SQLITE_OK;
  } catch (const std::exception& error) {
    return fail(cursor->pVtab, error);
  }
}

int eof(sqlite3_vtab_cursor* cursor) {
  auto& state = cursor_of(cursor);
  return !state.rows || state.rows->eof() ? 1 : 0;
}

// Every column of the current row but the reserved ones, as {"name": value}.
std::string fields_json(const FunctionCursor& state) {
  const auto& batch = state.rows->batch();
  common::Json fields = common::Json::object();
  for (size_t c = 0; c < batch.columns.size(); ++c) {
    const std::string& name = batch.schema->fields[c].name;
    if (name.rfind("$reserved_", 0) == 0) continue;
    fields[name] = columnar::cell_to_json(*batch.columns[c], state.rows->row());
  }
  return fields.dump();
}

void result_text(sqlite3_context* context, const std::string& text) {
  sqlite3_result_text(context, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

int column(sqlite3_vtab_cursor* cursor, sqlite3_context* context, int index) {
  auto& state = cursor_of(cursor);
  try {
    const auto& batch = state.rows->batch();
    switch (index) {
      case kRecordId: {
        int id = batch.schema->field_index(kRecordIdColumn);
        if (id < 0) throw common::InternalError("lark_table: the scan returned no record ids");
        result_text(context, columnar::cell_to_json(*batch.columns[static_cast<size_t>(id)],
                                                    state.rows->row())
                                 .get<std::string>());
        break;
      }
      case kFields:
        result_text(context, fields_json(state));
        break;
      case kAppToken:
        result_text(context, state.app_token);
        break;
      default:
        result_text(context, state.table_id);
    }
    return SQLITE_OK;
  } catch (const std::exception& error) {
    state_of(cursor->pVtab).error = std::current_exception();
    sqlite3_result_error(context, error.what(), -1);
    return SQLITE_ERROR;
  }
}

int rowid(sqlite3_vtab_cursor* cursor, sqlite3_int64* out) {
  *out = cursor_of(cursor).rowid;
  return SQLITE_OK;
}

sqlite3_module make_module() {
  sqlite3_module module{};
  module.iVersion = 1;
  module.xCreate = nullptr;  // eponymous only: used as lark_table(...), never created
  module.xConnect = connect;
  module.xBestIndex = best_index;
  module.xDisconnect = disconnect;
  module.xDestroy = disconnect;
  module.xOpen = open_cursor;
  module.xClose = close_cursor;
  module.xFilter = filter;
  module.xNext = next;
  module.xEof = eof;
  module.xColumn = column;
  module.xRowid = rowid;
  return module;
}

const sqlite3_module kModule = make_module();

}  // namespace

void register_lark_table_function(sqlite3* db, SessionState& state) {
  int rc = sqlite3_create_module_v2(db, "lark_table", &kModule, &state, nullptr);
  if (rc != SQLITE_OK) {
    throw common::InternalError(std::string("could not register lark_table: ") +
                                sqlite3_errmsg(db));
  }
}

}  // namespace larkbase::sqlite
