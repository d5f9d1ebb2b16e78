#include "sqlite/lark_table_function.hpp"

#include <limits>
#include <memory>
#include <string>

#include "columnar/cell_json.hpp"
#include "common/error.hpp"
#include "sqlite/scan_cursor.hpp"

namespace larkbase::sqlite {
namespace {

// The record id is the row identity (see BoundTable::declaration): no rowid.
enum Column { kRecordId = 0, kFields = 1, kAppToken = 2, kTableId = 3 };
constexpr const char* kDeclaration =
    "CREATE TABLE x(record_id TEXT, fields TEXT, app_token HIDDEN, table_id HIDDEN, "
    "PRIMARY KEY(record_id)) WITHOUT ROWID";
constexpr const char* kRecordIdColumn = "$reserved_record_id";

int connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** out, char**) {
  int rc = sqlite3_declare_vtab(db, kDeclaration);
  if (rc != SQLITE_OK) return rc;
  auto* vtab = new ScanVtab();
  vtab->state = static_cast<SessionState*>(aux);
  *out = &vtab->base;
  return SQLITE_OK;
}

constexpr int kHasArguments = 1;  // idxNum of a plan with both arguments bound
constexpr const char* kMissingArguments =
    "lark_table needs both arguments: lark_table('APP_TOKEN', 'TABLE_ID')";

// Both arguments must be bound (`= value`). SQLite also asks without them: for
// each branch of an OR it could run as separate scans. Such a plan is priced
// out of reach rather than refused (a refusal would fail the whole statement);
// if SQLite has no other, xFilter reports the missing argument.
int best_index(sqlite3_vtab*, sqlite3_index_info* info) {
  int app_token = -1, table_id = -1;
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& constraint = info->aConstraint[i];
    if (constraint.op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
    if (constraint.iColumn == kAppToken) app_token = constraint.usable ? i : -2;
    if (constraint.iColumn == kTableId) table_id = constraint.usable ? i : -2;
  }
  if (app_token == -2 || table_id == -2) return SQLITE_CONSTRAINT;
  if (app_token < 0 || table_id < 0) {
    info->idxNum = 0;
    info->estimatedCost = 1e300;
    info->estimatedRows = std::numeric_limits<sqlite3_int64>::max();
    return SQLITE_OK;
  }
  info->aConstraintUsage[app_token] = {1, 1};
  info->aConstraintUsage[table_id] = {2, 1};
  info->idxNum = kHasArguments;
  info->estimatedCost = 1e6;
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

int filter(sqlite3_vtab_cursor* cursor, int plan, const char*, int argc, sqlite3_value** argv) {
  auto& state = cursor_of(cursor);
  auto& session = *vtab_of(cursor->pVtab).state;
  try {
    if (plan != kHasArguments) throw common::UserError(kMissingArguments);
    if (argc != 2) throw common::InternalError("lark_table: expected two arguments");
    state.app_token = text_argument(argv[0], "app_token");
    state.table_id = text_argument(argv[1], "table_id");
    state.table = std::make_unique<BoundTable>(
        BoundTable::by_id(session.connector, state.app_token, state.table_id));
    connector::ScanPlan plan = state.table->plan(session.connector, {});
    start_scan(state, session, state.table->qualified_name(), std::move(plan), {});
    return SQLITE_OK;
  } catch (const std::exception& error) {
    return fail_with_current_exception(cursor->pVtab, error);
  }
}

// Every column of the current row but the reserved ones, as {"name": value}.
std::string fields_json(const ScanCursor& state) {
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
    return fail_cell(cursor, context, error);
  }
}

sqlite3_module make_module() {
  sqlite3_module module = scan_module();
  module.xCreate = nullptr;  // eponymous only: used as lark_table(...), never created
  module.xConnect = connect;
  module.xBestIndex = best_index;
  module.xFilter = filter;
  module.xColumn = column;
  return module;
}

const sqlite3_module kModule = make_module();

}  // namespace

void register_lark_table_function(sqlite3* db, SessionState& state) {
  register_module(db, "lark_table", kModule, state);
}

}  // namespace larkbase::sqlite
