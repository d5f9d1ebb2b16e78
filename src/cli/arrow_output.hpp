#pragma once
// `--format arrow`: the result as an Arrow IPC stream on stdout, for pyarrow,
// DuckDB or apache-arrow, written batch by batch (at most kArrowBatchRows rows
// each) so memory stays bounded.
//
// Column types: a Lark table's column selected as such has its type-contract type
// (Bool, Int32, Int64, Float64, Utf8, List, Struct: nested values arrive as real
// nested data, not JSON text). Any other column with a declared type keeps it
// (INTEGER → Int64, REAL → Float64, TEXT → Utf8). An expression's type is inferred
// from the values of the first batch: any BLOB → Binary, any text → Utf8 (numbers
// rendered as text), any real → Float64, integers only → Int64, only NULLs → Null.
// A later value that does not fit the chosen type fails the query with an error
// asking for a CAST. The end-of-stream marker is written only when the statement
// completed: a stream without it was cut short by an error.
#include <cstdio>
#include <memory>

#include "sqlite/sql_session.hpp"

namespace larkbase::cli {

inline constexpr size_t kArrowBatchRows = 8192;

std::unique_ptr<sqlite::RowSink> make_arrow_sink(std::FILE* out);

}  // namespace larkbase::cli
