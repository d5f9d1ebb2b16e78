#include "emulator/query/cells.hpp"

#include <charconv>
#include <cmath>

namespace larkbase::emulator::query {
namespace {

using common::Json;

const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string_view string_member(const Json& object, const char* key) {
  const Json* value = member(object, key);
  if (value == nullptr || !value->is_string()) return {};
  return value->get_ref<const std::string&>();
}

const char* automatic_key(FieldKind kind) {
  switch (kind) {
    case FieldKind::kCreatedTime:
      return "created_time";
    case FieldKind::kModifiedTime:
      return "last_modified_time";
    case FieldKind::kCreatedUser:
      return "created_by";
    case FieldKind::kModifiedUser:
      return "last_modified_by";
    default:
      return nullptr;
  }
}

// Concatenated `text` of a segment array; a single segment needs no copy.
std::string_view segments_text(const Json& cell, std::string& scratch) {
  if (cell.size() == 1) return string_member(cell.front(), "text");
  scratch.clear();
  for (const auto& segment : cell) scratch += string_member(segment, "text");
  return scratch;
}

bool is_person_like(FieldKind kind) {
  return kind == FieldKind::kUser || kind == FieldKind::kCreatedUser ||
         kind == FieldKind::kModifiedUser || kind == FieldKind::kGroupChat;
}

// Visits the elements of a list cell; a lone object (created_by) counts as one.
template <typename Visit>
void for_each_element(const Json& cell, Visit visit) {
  if (cell.is_array()) {
    for (const auto& element : cell) visit(element);
  } else {
    visit(cell);
  }
}

}  // namespace

const Json* find_cell(const Json& fields, const Json* record, const std::string& name,
                      FieldKind kind) {
  if (const Json* cell = member(fields, name.c_str())) return cell;
  const char* key = automatic_key(kind);
  if (record == nullptr || key == nullptr) return nullptr;
  return member(*record, key);
}

bool is_empty_cell(const Json* cell, FieldKind kind) {
  if (kind == FieldKind::kCheckbox) return false;
  if (cell == nullptr || cell->is_null()) return true;
  if (cell->is_string()) return cell->get_ref<const std::string&>().empty();
  switch (kind) {
    case FieldKind::kText:
      if (cell->is_array()) {
        for (const auto& segment : *cell) {
          if (!string_member(segment, "text").empty()) return false;
        }
        return true;
      }
      break;
    case FieldKind::kUrl:
      if (cell->is_object()) {
        return string_member(*cell, "text").empty() && string_member(*cell, "link").empty();
      }
      break;
    case FieldKind::kLocation:
      if (cell->is_object()) {
        return string_member(*cell, "full_address").empty() &&
               string_member(*cell, "location").empty();
      }
      break;
    case FieldKind::kSingleLink:
    case FieldKind::kDuplexLink:
      if (cell->is_object()) {
        const Json* ids = member(*cell, "link_record_ids");
        return ids == nullptr || !ids->is_array() || ids->empty();
      }
      break;
    case FieldKind::kFormula:
    case FieldKind::kLookup:
      if (cell->is_object()) {
        const Json* value = member(*cell, "value");
        return value == nullptr || (value->is_array() && value->empty());
      }
      break;
    default:
      break;
  }
  if (cell->is_array() || cell->is_object()) return cell->empty();
  return false;
}

std::string_view text_of(const Json& cell, FieldKind kind, std::string& scratch) {
  if (cell.is_string()) return cell.get_ref<const std::string&>();
  switch (kind) {
    case FieldKind::kUrl:
      return string_member(cell, "text");
    case FieldKind::kLocation:
      return string_member(cell, "full_address");
    default:
      break;
  }
  if (cell.is_array()) return segments_text(cell, scratch);
  if (cell.is_number()) {
    scratch = cell.dump();
    return scratch;
  }
  return {};
}

std::optional<double> number_of(const Json& cell) {
  if (cell.is_number()) return cell.get<double>();
  if (cell.is_string()) return parse_number(cell.get_ref<const std::string&>());
  return std::nullopt;
}

std::optional<int64_t> instant_of(const Json& cell) {
  if (cell.is_number_integer()) return cell.get<int64_t>();
  if (cell.is_number_float()) return static_cast<int64_t>(std::floor(cell.get<double>()));
  if (cell.is_string()) return parse_int64(cell.get_ref<const std::string&>());
  return std::nullopt;
}

void ids_of(const Json& cell, FieldKind kind, std::vector<std::string_view>& out) {
  out.clear();
  if (cell.is_string()) {
    out.push_back(cell.get_ref<const std::string&>());
    return;
  }
  if (is_link(kind) && cell.is_object()) {
    const Json* ids = member(cell, "link_record_ids");
    if (ids != nullptr) ids_of(*ids, FieldKind::kMultiSelect, out);
    return;
  }
  for_each_element(cell, [&](const Json& element) {
    if (element.is_string()) {
      out.push_back(element.get_ref<const std::string&>());
    } else if (is_person_like(kind)) {
      out.push_back(string_member(element, "id"));
    } else if (kind == FieldKind::kAttachment) {
      out.push_back(string_member(element, "file_token"));
    }
  });
}

void labels_of(const Json& cell, FieldKind kind, std::vector<std::string_view>& out) {
  if (!is_person_like(kind) && kind != FieldKind::kAttachment) {
    ids_of(cell, kind, out);
    return;
  }
  out.clear();
  for_each_element(cell, [&](const Json& element) {
    if (element.is_string()) {
      out.push_back(element.get_ref<const std::string&>());
      return;
    }
    std::string_view name = string_member(element, "name");
    if (name.empty()) name = string_member(element, is_person_like(kind) ? "id" : "file_token");
    out.push_back(name);
  });
}

void fold_ascii_in_place(std::string& text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

std::optional<double> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> parse_int64(std::string_view text) {
  int64_t value = 0;
  if (text.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace larkbase::emulator::query
