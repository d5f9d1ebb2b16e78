#pragma once
// Printing query results on stdout as they are produced: an aligned text table
// (buffered, capped), CSV (RFC 4180 quoting, NULL as an empty field), one JSON
// document, JSON lines, a Markdown table, or an Arrow IPC stream. Every format but
// `table` streams: memory stays bounded whatever the number of rows. When a read
// fails after rows were written, the output is left visibly incomplete (a JSON
// document without its closing brackets, an Arrow stream without its end-of-stream
// marker) and the command exits non-zero with the error on stderr.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "sqlite/sql_session.hpp"

namespace larkbase::cli {

// The --format values: table, csv, json, ndjson, markdown, arrow (an IPC stream).
// Rows go to `out`; the table format's row count and notes go to stderr.
std::unique_ptr<sqlite::RowSink> make_result_sink(const std::string& format, std::FILE* out);

// Rows the `table` format shows at most (it needs every row's width before printing).
inline constexpr size_t kTableRowCap = 10'000;

// A value as shown in table, CSV and Markdown output: NULL → "", numbers in shortest
// form, a BLOB as base64.
std::string value_text(const sqlite::SqlValue& value);

// Writes `bytes` whole (NUL characters included).
inline void write_bytes(std::FILE* out, std::string_view bytes) {
  std::fwrite(bytes.data(), 1, bytes.size(), out);
}

}  // namespace larkbase::cli
