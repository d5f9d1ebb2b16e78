#include "lark/model.hpp"

namespace larkbase::lark {
namespace {

std::string string_or_empty(const common::Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// Drive times are documented as strings; accept numbers too.
std::string time_text(const common::Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return {};
}

bool bool_or_false(const common::Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

TableInfo table_from_json(const common::Json& item) {
  TableInfo table;
  table.table_id = string_or_empty(item, "table_id");
  table.name = string_or_empty(item, "name");
  auto revision = item.find("revision");
  if (revision != item.end() && revision->is_number_integer()) table.revision = *revision;
  return table;
}

FieldInfo field_from_json(const common::Json& item) {
  FieldInfo field;
  field.field_id = string_or_empty(item, "field_id");
  field.field_name = string_or_empty(item, "field_name");
  auto type = item.find("type");
  if (type != item.end() && type->is_number_integer()) field.type = type->get<int>();
  field.ui_type = string_or_empty(item, "ui_type");
  field.is_primary = bool_or_false(item, "is_primary");
  field.is_hidden = bool_or_false(item, "is_hidden");
  field.raw = item;
  return field;
}

DriveFile drive_file_from_json(const common::Json& item) {
  DriveFile file;
  file.token = string_or_empty(item, "token");
  file.name = string_or_empty(item, "name");
  file.type = string_or_empty(item, "type");
  file.parent_token = string_or_empty(item, "parent_token");
  file.url = string_or_empty(item, "url");
  file.created_time = time_text(item, "created_time");
  file.modified_time = time_text(item, "modified_time");
  file.owner_id = string_or_empty(item, "owner_id");
  auto shortcut = item.find("shortcut_info");
  if (shortcut != item.end() && shortcut->is_object()) {
    file.shortcut_target_type = string_or_empty(*shortcut, "target_type");
    file.shortcut_target_token = string_or_empty(*shortcut, "target_token");
  }
  return file;
}

common::Json to_json(const TableInfo& table) {
  return common::Json{
      {"table_id", table.table_id}, {"name", table.name}, {"revision", table.revision}};
}

common::Json to_json(const DriveFile& file) {
  common::Json out{{"token", file.token},
                   {"name", file.name},
                   {"type", file.type},
                   {"parent_token", file.parent_token},
                   {"url", file.url},
                   {"created_time", file.created_time},
                   {"modified_time", file.modified_time},
                   {"owner_id", file.owner_id}};
  if (!file.shortcut_target_token.empty()) {
    out["shortcut_info"] = {{"target_type", file.shortcut_target_type},
                            {"target_token", file.shortcut_target_token}};
  }
  return out;
}

}  // namespace larkbase::lark
