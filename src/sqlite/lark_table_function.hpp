#pragma once
// The table-valued function lark_table(app_token, table_id): ad-hoc access to
// any Lark table by its ids, without a catalog entry. SQLite fixes a table's
// columns before it sees the arguments, so the columns are fixed too: the
// record id, and the record's cells as one JSON object keyed by column name
// (nested values as JSON, NULL cells as null):
//
//   SELECT record_id, json_extract(fields, '$.amount') FROM lark_table('bascn…', 'tbl…');
#include <sqlite3.h>

#include "sqlite/lark_module.hpp"

namespace larkbase::sqlite {

// Registers the eponymous virtual table "lark_table" on `db`. `state` must
// outlive the connection's use of it. Throws InternalError when SQLite refuses.
void register_lark_table_function(sqlite3* db, SessionState& state);

}  // namespace larkbase::sqlite
