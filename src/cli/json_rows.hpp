#pragma once
// `--format json` and `--format ndjson`: rows as JSON objects whose keys come in
// column order. A column name that repeats an earlier one gets `:1`, `:2`, ... (the
// first unused), so no value is lost: `SELECT 1 AS a, 2 AS a` → {"a":1,"a:1":2}.
// Keys compare exactly (`a` and `A` are different keys). A BLOB is its base64 text;
// ±Infinity are the strings "Infinity" / "-Infinity" (JSON has no such numbers);
// invalid UTF-8 in text becomes U+FFFD.
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sqlite/sql_session.hpp"

namespace larkbase::cli {

// The object keys for `names`, unique as described above.
std::vector<std::string> unique_keys(const std::vector<std::string>& names);

// Appends `text` to `out` as a JSON string literal.
void append_json_string(std::string& out, std::string_view text);
void append_json_value(std::string& out, const sqlite::SqlValue& value);

// One JSON document {"columns": [keys], "rows": [{...}, ...]}: the closing `]}` is
// written only when the statement completed.
std::unique_ptr<sqlite::RowSink> make_json_sink(std::FILE* out);
// One JSON object per line.
std::unique_ptr<sqlite::RowSink> make_ndjson_sink(std::FILE* out);

}  // namespace larkbase::cli
