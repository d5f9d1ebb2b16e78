#include "cli/json_rows.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "cli/result_format.hpp"
#include "common/base64.hpp"

namespace larkbase::cli {
namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when the bytes there are not one.
size_t utf8_sequence(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  size_t length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char second = byte(i + 1);
  if (lead == 0xE0 && second < 0xA0) return 0;   // overlong
  if (lead == 0xED && second >= 0xA0) return 0;  // surrogate
  if (lead == 0xF0 && second < 0x90) return 0;   // overlong
  if (lead == 0xF4 && second >= 0x90) return 0;  // beyond U+10FFFF
  return length;
}

std::string object_of(const std::vector<std::string>& keys,
                      const std::vector<sqlite::SqlValue>& values) {
  std::string line = "{";
  for (size_t i = 0; i < values.size() && i < keys.size(); ++i) {
    if (i) line += ',';
    append_json_string(line, keys[i]);
    line += ':';
    append_json_value(line, values[i]);
  }
  line += '}';
  return line;
}

class NdjsonSink final : public sqlite::RowSink {
 public:
  explicit NdjsonSink(std::FILE* out) : out_(out) {}
  void begin(const std::vector<sqlite::ResultColumn>& columns) override {
    std::vector<std::string> names;
    for (const auto& column : columns) names.push_back(column.name);
    keys_ = unique_keys(names);
  }
  void row(const std::vector<sqlite::SqlValue>& values) override {
    write_bytes(out_, object_of(keys_, values) + "\n");
  }
  void end() override {}

 private:
  std::FILE* out_;
  std::vector<std::string> keys_;
};

class JsonSink final : public sqlite::RowSink {
 public:
  explicit JsonSink(std::FILE* out) : out_(out) {}
  void begin(const std::vector<sqlite::ResultColumn>& columns) override {
    std::vector<std::string> names;
    for (const auto& column : columns) names.push_back(column.name);
    keys_ = unique_keys(names);
    std::string head = "{\n  \"columns\": [";
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (i) head += ", ";
      append_json_string(head, keys_[i]);
    }
    head += "],\n  \"rows\": [";
    write_bytes(out_, head);
  }
  void row(const std::vector<sqlite::SqlValue>& values) override {
    write_bytes(out_, (first_ ? "\n    " : ",\n    ") + object_of(keys_, values));
    first_ = false;
  }
  void end() override { write_bytes(out_, first_ ? "]\n}\n" : "\n  ]\n}\n"); }

 private:
  std::FILE* out_;
  std::vector<std::string> keys_;
  bool first_ = true;
};

}  // namespace

std::vector<std::string> unique_keys(const std::vector<std::string>& names) {
  std::set<std::string> taken(names.begin(), names.end());
  std::set<std::string> seen;
  std::vector<std::string> keys;
  for (const auto& name : names) {
    if (seen.insert(name).second) {
      keys.push_back(name);
      continue;
    }
    for (int n = 1;; ++n) {
      std::string candidate = name + ":" + std::to_string(n);
      if (taken.insert(candidate).second) {
        keys.push_back(candidate);
        break;
      }
    }
  }
  return keys;
}

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t length = utf8_sequence(text, i);
      if (length == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
        i += 1;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += char(c);
    }
    i += 1;
  }
  out += '"';
}

void append_json_value(std::string& out, const sqlite::SqlValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) {
    out += std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    if (std::isinf(*d)) {
      out += *d > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    } else if (std::isnan(*d)) {
      out += "null";
    } else {
      out += fmt::format("{}", *d);
    }
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    append_json_string(out, *s);
  } else if (const auto* blob = std::get_if<sqlite::SqlBlob>(&value)) {
    append_json_string(out, common::base64_encode(blob->bytes));
  } else {
    out += "null";
  }
}

std::unique_ptr<sqlite::RowSink> make_json_sink(std::FILE* out) {
  return std::make_unique<JsonSink>(out);
}

std::unique_ptr<sqlite::RowSink> make_ndjson_sink(std::FILE* out) {
  return std::make_unique<NdjsonSink>(out);
}

}  // namespace larkbase::cli
