#include "cli/result_format.hpp"

#include "cli/arrow_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace larkbase::cli {
namespace {

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void print_csv(const sqlite::SqlResult& result) {
  auto print_row = [](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + csv_field(cells[i]);
    std::puts(line.c_str());
  };
  print_row(result.columns);
  for (const auto& row : result.rows) {
    std::vector<std::string> cells;
    for (const auto& value : row) cells.push_back(value_text(value));
    print_row(cells);
  }
}

common::Json row_object(const sqlite::SqlResult& result, const std::vector<sqlite::SqlValue>& row) {
  common::Json object = common::Json::object();
  for (size_t i = 0; i < row.size() && i < result.columns.size(); ++i) {
    object[result.columns[i]] = value_json(row[i]);
  }
  return object;
}

// One JSON object per line, for streaming consumers (jq, log shippers).
void print_ndjson(const sqlite::SqlResult& result) {
  for (const auto& row : result.rows) std::puts(row_object(result, row).dump().c_str());
}

// A GitHub-flavoured Markdown table; `|` in cells is escaped, newlines become <br>.
void print_markdown(const sqlite::SqlResult& result) {
  auto cell = [](const std::string& text) {
    std::string out;
    for (char c : text) {
      if (c == '|')
        out += "\\|";
      else if (c == '\n')
        out += "<br>";
      else
        out += c;
    }
    return out;
  };
  std::string line = "|";
  for (const auto& name : result.columns) line += " " + cell(name) + " |";
  std::puts(line.c_str());
  line = "|";
  for (size_t i = 0; i < result.columns.size(); ++i) line += " --- |";
  std::puts(line.c_str());
  for (const auto& row : result.rows) {
    line = "|";
    for (const auto& value : row) line += " " + cell(value_text(value)) + " |";
    std::puts(line.c_str());
  }
}

void print_arrow(const sqlite::SqlResult& result) {
  std::string bytes = arrow_stream(result);
  std::fwrite(bytes.data(), 1, bytes.size(), stdout);
}

void print_json(const sqlite::SqlResult& result) {
  common::Json rows = common::Json::array();
  for (const auto& row : result.rows) rows.push_back(row_object(result, row));
  std::puts(common::Json{{"columns", result.columns}, {"rows", rows}}.dump(2).c_str());
}

}  // namespace

std::string value_text(const sqlite::SqlValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) return fmt::format("{}", *d);
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  return "";
}

common::Json value_json(const sqlite::SqlValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  return nullptr;
}

void print_result(const sqlite::SqlResult& result, const std::string& format) {
  if (format == "csv") return print_csv(result);
  if (format == "json") return print_json(result);
  if (format == "ndjson") return print_ndjson(result);
  if (format == "markdown") return print_markdown(result);
  if (format == "arrow") return print_arrow(result);
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : result.rows) {
    std::vector<std::string> cells;
    for (const auto& value : row) cells.push_back(value_text(value));
    rows.push_back(std::move(cells));
  }
  print_text_table(result.columns, rows);
  std::fflush(stdout);  // the count follows the table also when both go to one terminal
  std::fprintf(stderr, "(%zu row%s)\n", result.rows.size(), result.rows.size() == 1 ? "" : "s");
}

}  // namespace larkbase::cli
