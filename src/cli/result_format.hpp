#pragma once
// Printing query results on stdout: an aligned text table, CSV (RFC 4180
// quoting, NULL as an empty field), one JSON document, JSON lines, a Markdown
// table, or an Arrow IPC stream.
#include <string>
#include <vector>

#include "cli/text_table.hpp"
#include "common/json.hpp"
#include "sqlite/sql_session.hpp"

namespace larkbase::cli {

// The --format values: table, csv, json, ndjson, markdown, arrow (an IPC stream).
void print_result(const sqlite::SqlResult& result, const std::string& format);

// A value as shown in table and CSV output: NULL → "", numbers in shortest form.
std::string value_text(const sqlite::SqlValue& value);
common::Json value_json(const sqlite::SqlValue& value);

}  // namespace larkbase::cli
