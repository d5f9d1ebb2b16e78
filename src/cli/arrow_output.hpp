#pragma once
// `--format arrow`: the result as an Arrow IPC stream on stdout, for pyarrow,
// DuckDB or apache-arrow. SQLite values carry no declared column type, so each
// column's type is inferred from its values: integers only → Int64, numbers →
// Float64, any text → Utf8 (numbers in it rendered as text), only NULLs → Null.
#include <string>

#include "sqlite/sql_session.hpp"

namespace larkbase::cli {

// The IPC stream bytes of `result` (schema, then batches of at most 65,536 rows).
std::string arrow_stream(const sqlite::SqlResult& result);

}  // namespace larkbase::cli
