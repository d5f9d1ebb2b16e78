#include "sqlite/lark_module.hpp"

#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "sqlite/best_index.hpp"
#include "sqlite/bound_table.hpp"
#include "sqlite/cell_result.hpp"
#include "sqlite/index_plan.hpp"
#include "sqlite/scan_cursor.hpp"
#include "sqlite/scan_request.hpp"

namespace larkbase::sqlite {
namespace {

// Runs `body`; an exception becomes SQLITE_ERROR with its message on the vtab,
// and is kept for the session to rethrow.
template <typename Body>
int guarded(sqlite3_vtab* vtab, Body&& body) {
  try {
    return body();
  } catch (const std::exception& error) {
    return fail_with_current_exception(vtab, error);
  }
}

// Module arguments arrive as written: lark(sales, 'orders') or lark("a b", c).
std::string dequote(std::string text) {
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.size() < 2) return text;
  char quote = text.front();
  if ((quote != '\'' && quote != '"' && quote != '`') || text.back() != quote) return text;
  std::string out;
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    out += text[i];
    if (text[i] == quote && text[i + 1] == quote) ++i;
  }
  return out;
}

int connect(sqlite3* db, void* aux, int argc, const char* const* argv, sqlite3_vtab** out,
            char** error_message) {
  auto* state = static_cast<SessionState*>(aux);
  try {
    if (argc != 5) {
      throw common::UserError("a lark virtual table needs two arguments: lark(schema, table)");
    }
    auto table = std::make_unique<BoundTable>(
        BoundTable::catalog_table(state->connector, dequote(argv[3]), dequote(argv[4])));
    int rc = sqlite3_declare_vtab(db, table->declaration().c_str());
    if (rc != SQLITE_OK) {
      throw common::InternalError("SQLite rejected the columns of " + table->qualified_name() +
                                  ": " + sqlite3_errmsg(db));
    }
    auto vtab = std::make_unique<ScanVtab>();
    vtab->state = state;
    vtab->table = std::move(table);
    *out = &vtab.release()->base;
    return SQLITE_OK;
  } catch (const std::exception& error) {
    state->error = std::current_exception();
    *error_message = sqlite3_mprintf("%s", error.what());
    return SQLITE_ERROR;
  }
}

int best_index(sqlite3_vtab* vtab, sqlite3_index_info* info) {
  return guarded(vtab, [&] {
    auto& lark = vtab_of(vtab);
    choose_index(*lark.table, lark.state->connector, info);
    return SQLITE_OK;
  });
}

std::vector<int> batch_columns(const BoundTable& table, const std::vector<std::string>& read) {
  std::vector<int> map(table.schema().columns().size(), -1);
  for (size_t i = 0; i < read.size(); ++i) {
    int index = table.schema().index_of(read[i]);
    if (index >= 0) map[static_cast<size_t>(index)] = static_cast<int>(i);
  }
  return map;
}

int filter(sqlite3_vtab_cursor* cursor, int, const char* index_text, int argc,
           sqlite3_value** argv) {
  return guarded(cursor->pVtab, [&] {
    auto& lark = vtab_of(cursor->pVtab);
    auto& state = cursor_of(cursor);
    IndexPlan plan = IndexPlan::decode(index_text ? index_text : "");
    BuiltRequest built = build_scan_request(*lark.table, plan, argc, argv);
    connector::ScanPlan scan = lark.table->plan(lark.state->connector, built.request);
    state.batch_column = batch_columns(*lark.table, built.request.columns);
    start_scan(state, *lark.state, lark.table->qualified_name(), std::move(scan), built.local);
    return SQLITE_OK;
  });
}

int column(sqlite3_vtab_cursor* cursor, sqlite3_context* context, int index) {
  auto& state = cursor_of(cursor);
  try {
    int read = state.batch_column.at(static_cast<size_t>(index));
    if (read < 0) {
      sqlite3_result_null(context);  // not in colUsed, so SQLite does not look at it
      return SQLITE_OK;
    }
    const auto& batch = state.rows->batch();
    result_cell(context, *batch.columns[static_cast<size_t>(read)], state.rows->row());
    return SQLITE_OK;
  } catch (const std::exception& error) {
    return fail_cell(cursor, context, error);
  }
}

sqlite3_module make_module() {
  sqlite3_module module = scan_module();
  module.xCreate = connect;  // the tables live in Lark: creating and connecting are the same
  module.xConnect = connect;
  module.xBestIndex = best_index;
  module.xFilter = filter;
  module.xColumn = column;
  return module;
}

const sqlite3_module kModule = make_module();

}  // namespace

void register_lark_module(sqlite3* db, SessionState& state) {
  register_module(db, "lark", kModule, state);
}

}  // namespace larkbase::sqlite
