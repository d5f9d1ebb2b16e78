#include "athena/query_text_ids.hpp"

#include <algorithm>

namespace larkbase::athena {
namespace {

bool is_bare(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

// The end of a quoted run starting at `at` (the opening quote), doubled quotes
// inside; `text` receives its content. An unterminated run ends the input.
size_t quoted(std::string_view sql, size_t at, char quote, std::string* text) {
  size_t i = at + 1;
  while (i < sql.size()) {
    if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        if (text) *text += quote;
        i += 2;
        continue;
      }
      return i + 1;
    }
    if (text) *text += sql[i];
    ++i;
  }
  return sql.size();
}

}  // namespace

std::vector<std::string> sql_identifiers(std::string_view sql) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '-' && sql.substr(i, 2) == "--") {
      const size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (c == '/' && sql.substr(i, 2) == "/*") {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else if (c == '\'') {
      i = quoted(sql, i, '\'', nullptr);
    } else if (c == '"') {
      std::string name;
      i = quoted(sql, i, '"', &name);
      out.push_back(std::move(name));
    } else if (is_bare(c)) {
      const size_t start = i;
      while (i < sql.size() && is_bare(sql[i])) ++i;
      out.emplace_back(sql.substr(start, i - start));
    } else {
      ++i;
    }
  }
  return out;
}

std::optional<TableIds> find_table_ids(std::string_view sql, const std::string& schema,
                                       const std::string& table) {
  const std::vector<std::string> names = sql_identifiers(sql);
  for (size_t i = 0; i + 1 < names.size(); ++i) {
    if (same_ignoring_case(names[i], schema) && same_ignoring_case(names[i + 1], table)) {
      return TableIds{names[i], names[i + 1]};
    }
  }
  return std::nullopt;
}

}  // namespace larkbase::athena
