#include "cli/result_format.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "cli/arrow_output.hpp"
#include "cli/json_rows.hpp"
#include "cli/text_table.hpp"
#include "common/base64.hpp"

namespace larkbase::cli {
namespace {

void append_csv_field(std::string& line, const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    line += text;
    return;
  }
  line += '"';
  for (char c : text) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

std::vector<std::string> names_of(const std::vector<sqlite::ResultColumn>& columns) {
  std::vector<std::string> names;
  for (const auto& column : columns) names.push_back(column.name);
  return names;
}

class CsvSink final : public sqlite::RowSink {
 public:
  explicit CsvSink(std::FILE* out) : out_(out) {}
  void begin(const std::vector<sqlite::ResultColumn>& columns) override {
    std::string line;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) line += ',';
      append_csv_field(line, columns[i].name);
    }
    write_bytes(out_, line + "\n");
  }
  void row(const std::vector<sqlite::SqlValue>& values) override {
    line_.clear();
    for (size_t i = 0; i < values.size(); ++i) {
      if (i) line_ += ',';
      append_csv_field(line_, value_text(values[i]));
    }
    line_ += '\n';
    write_bytes(out_, line_);
  }
  void end() override {}

 private:
  std::FILE* out_;
  std::string line_;
};

// A GitHub-flavoured Markdown table; `|` in cells is escaped, newlines become <br>,
// other control characters are shown escaped.
class MarkdownSink final : public sqlite::RowSink {
 public:
  explicit MarkdownSink(std::FILE* out) : out_(out) {}
  void begin(const std::vector<sqlite::ResultColumn>& columns) override {
    std::vector<std::string> cells = names_of(columns);
    write_line(cells);
    std::string rule = "|";
    for (size_t i = 0; i < columns.size(); ++i) rule += " --- |";
    write_bytes(out_, rule + "\n");
  }
  void row(const std::vector<sqlite::SqlValue>& values) override {
    std::vector<std::string> cells;
    for (const auto& value : values) cells.push_back(value_text(value));
    write_line(cells);
  }
  void end() override {}

 private:
  void write_line(const std::vector<std::string>& cells) {
    std::string line = "|";
    for (const auto& text : cells) {
      line += ' ';
      for (char c : text) {
        if (c == '|')
          line += "\\|";
        else if (c == '\n')
          line += "<br>";
        else
          line += c;
      }
      line += " |";
    }
    write_bytes(out_, visible_text(line, false) + "\n");
  }

  std::FILE* out_;
};

// The aligned table needs every shown row's width first, so it holds at most
// kTableRowCap rows; the rest are counted and a note names the streaming formats.
class TableSink final : public sqlite::RowSink {
 public:
  void begin(const std::vector<sqlite::ResultColumn>& columns) override {
    header_ = names_of(columns);
  }
  void row(const std::vector<sqlite::SqlValue>& values) override {
    count_ += 1;
    if (rows_.size() >= kTableRowCap) return;
    std::vector<std::string> cells;
    for (const auto& value : values) cells.push_back(value_text(value));
    rows_.push_back(std::move(cells));
  }
  void end() override {
    print_text_table(header_, rows_);
    std::fflush(stdout);  // the count follows the table also when both go to one terminal
    if (count_ > rows_.size()) {
      std::fprintf(stderr,
                   "(%zu rows; the first %zu shown, %zu more not shown: --format csv, ndjson, "
                   "json, markdown or arrow print every row)\n",
                   count_, rows_.size(), count_ - rows_.size());
    } else {
      std::fprintf(stderr, "(%zu row%s)\n", count_, count_ == 1 ? "" : "s");
    }
  }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  size_t count_ = 0;
};

}  // namespace

std::string value_text(const sqlite::SqlValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) return fmt::format("{}", *d);
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* blob = std::get_if<sqlite::SqlBlob>(&value)) {
    return common::base64_encode(blob->bytes);
  }
  return "";
}

std::unique_ptr<sqlite::RowSink> make_result_sink(const std::string& format, std::FILE* out) {
  if (format == "csv") return std::make_unique<CsvSink>(out);
  if (format == "json") return make_json_sink(out);
  if (format == "ndjson") return make_ndjson_sink(out);
  if (format == "markdown") return std::make_unique<MarkdownSink>(out);
  if (format == "arrow") return make_arrow_sink(out);
  return std::make_unique<TableSink>();
}

}  // namespace larkbase::cli
