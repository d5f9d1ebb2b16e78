#include "cli/text_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>

namespace larkbase::cli {
namespace {

constexpr size_t kMaxWidth = 40;

// The code point starting at text[i] and its byte length (invalid bytes count as one).
std::pair<char32_t, size_t> decode(const std::string& text, size_t i) {
  auto byte = static_cast<unsigned char>(text[i]);
  size_t length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4;
  if (byte < 0x80 || byte < 0xC0 || i + length > text.size()) return {byte, 1};
  char32_t code = byte & (0xFF >> (length + 1));
  for (size_t k = 1; k < length; ++k) code = (code << 6) | (text[i + k] & 0x3F);
  return {code, length};
}

bool is_wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

// One line, at most kMaxWidth columns; a cut cell ends with "...".
std::string clip(const std::string& text) {
  std::string flat = visible_text(text, true);
  if (display_width(flat) <= kMaxWidth) return flat;
  size_t width = 0;
  size_t i = 0;
  while (i < flat.size()) {
    auto [code, length] = decode(flat, i);
    size_t next = width + (is_wide(code) ? 2 : 1);
    if (next > kMaxWidth - 3) break;
    width = next;
    i += length;
  }
  return flat.substr(0, i) + "...";
}

void print_row(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
               bool whole) {
  std::string line;
  for (size_t i = 0; i < widths.size(); ++i) {
    std::string cell = i >= cells.size() ? ""
                       : whole           ? visible_text(cells[i], true)
                                         : clip(cells[i]);
    line += cell;
    if (i + 1 < widths.size()) line.append(widths[i] - display_width(cell) + 2, ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stdout);
}

}  // namespace

std::string visible_text(const std::string& text, bool keep_layout) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (keep_layout && (c == '\n' || c == '\t' || c == '\r')) {
      out += ' ';
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
    } else {
      out += char(c);
    }
  }
  return out;
}

size_t display_width(const std::string& text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    auto [code, length] = decode(text, i);
    width += is_wide(code) ? 2 : 1;
    i += length;
  }
  return width;
}

void print_text_table(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(header.size(), 0);
  for (size_t i = 0; i < header.size(); ++i)
    widths[i] = display_width(visible_text(header[i], true));
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(clip(row[i])));
    }
  }
  print_row(header, widths, true);
  std::vector<std::string> rule;
  for (size_t width : widths) rule.push_back(std::string(width, '-'));
  print_row(rule, widths, true);
  for (const auto& row : rows) print_row(row, widths, false);
}

}  // namespace larkbase::cli
