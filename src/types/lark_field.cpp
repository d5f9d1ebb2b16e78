#include "types/lark_field.hpp"

#include <fmt/format.h>

#include "common/error.hpp"

namespace larkbase::types {
namespace {

std::string string_member(const common::Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

}  // namespace

std::vector<LarkField> parse_lark_fields(const common::Json& items, std::string_view what) {
  if (!items.is_array()) {
    throw common::ExternalError(
        fmt::format("{}: the field list is not an array; check the Lark response", what));
  }
  std::vector<LarkField> fields;
  fields.reserve(items.size());
  for (const auto& item : items) {
    if (!item.is_object()) {
      throw common::ExternalError(fmt::format("{}: a field entry is not an object", what));
    }
    LarkField field;
    field.field_id = string_member(item, "field_id");
    field.field_name = string_member(item, "field_name");
    if (field.field_id.empty() || field.field_name.empty()) {
      throw common::ExternalError(
          fmt::format("{}: a field entry lacks field_id or field_name", what));
    }
    if (auto it = item.find("type"); it != item.end() && it->is_number_integer()) {
      field.type = it->get<int>();
    }
    field.ui_type = string_member(item, "ui_type");
    if (auto it = item.find("property"); it != item.end()) field.property = *it;
    if (auto it = item.find("is_primary"); it != item.end() && it->is_boolean()) {
      field.is_primary = it->get<bool>();
    }
    fields.push_back(std::move(field));
  }
  return fields;
}

common::Json to_json(const LarkField& field) {
  return common::Json{{"field_id", field.field_id}, {"field_name", field.field_name},
                      {"type", field.type},         {"ui_type", field.ui_type},
                      {"property", field.property}, {"is_primary", field.is_primary}};
}

}  // namespace larkbase::types
