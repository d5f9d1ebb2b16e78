#include "types/column_name.hpp"

#include <array>

namespace larkbase::types {
namespace {

constexpr std::array<std::string_view, 4> kReservedNames{kReservedRecordId, kReservedTableId,
                                                         kReservedBaseId, kReservedSplitKey};

char lower_ascii(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }
bool is_alnum_lower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string fallback_name(std::string_view field_id) {
  std::string name = "field_";
  for (char c : field_id) {
    char l = lower_ascii(c);
    name.push_back(is_alnum_lower(l) ? l : '_');
  }
  return name;
}

}  // namespace

bool is_reserved_column_name(std::string_view name) {
  for (auto reserved : kReservedNames) {
    if (name == reserved) return true;
  }
  return false;
}

std::string sanitize_column_name(std::string_view lark_name, std::string_view field_id) {
  std::string lowered;
  for (char c : trim(lark_name)) {
    // Any byte >= 0x80 belongs to a non-ASCII character: such names are not
    // reduced to underscores (types.md) but named after the field id.
    if (static_cast<unsigned char>(c) >= 0x80) return fallback_name(field_id);
    lowered.push_back(lower_ascii(c));
  }
  if (is_reserved_column_name(lowered)) return lowered;

  std::string name;
  bool has_alnum = false;
  for (char c : lowered) {
    bool keep = is_alnum_lower(c);
    has_alnum = has_alnum || keep;
    char out = keep ? c : '_';
    if (out == '_' && !name.empty() && name.back() == '_') continue;
    name.push_back(out);
  }
  if (!has_alnum) return fallback_name(field_id);
  if (name.front() >= '0' && name.front() <= '9') name.insert(name.begin(), '_');
  return name;
}

std::string ColumnNamer::assign(const std::string& base) {
  if (taken_.insert(base).second) return base;
  for (int suffix = 2;; ++suffix) {
    std::string candidate = base + "_" + std::to_string(suffix);
    if (taken_.insert(candidate).second) return candidate;
  }
}

}  // namespace larkbase::types
