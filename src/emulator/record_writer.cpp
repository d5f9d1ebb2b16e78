#include "emulator/record_writer.hpp"

#include <fmt/format.h>

#include <chrono>

namespace larkbase::emulator {
namespace {

bool all_of_type(const common::Json& value, bool (common::Json::*is)() const noexcept) {
  if (!value.is_array()) return false;
  for (const auto& item : value) {
    if (!(item.*is)()) return false;
  }
  return true;
}

bool objects_with(const common::Json& value, const char* key) {
  if (!value.is_array()) return false;
  for (const auto& item : value) {
    if (!item.is_object() || !item.contains(key)) return false;
  }
  return true;
}

// The stored form of `value` for a field of `type` / `ui_type`, or null when
// the value has the wrong JSON type for the field.
common::Json convert(int type, const std::string& ui_type, const common::Json& value) {
  switch (type) {
    case 1:
      if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        if (ui_type == "Email") {
          return common::Json::array(
              {{{"type", "url"}, {"text", text}, {"link", "mailto:" + text}}});
        }
        return common::Json::array({{{"type", "text"}, {"text", text}}});
      }
      return objects_with(value, "text") ? value : common::Json();
    case 2:
      return value.is_number() ? value : common::Json();
    case 3:
    case 13:
      return value.is_string() ? value : common::Json();
    case 4:
      return all_of_type(value, &common::Json::is_string) ? value : common::Json();
    case 5:
      return value.is_number_integer() ? value : common::Json();
    case 7:
      return value.is_boolean() ? value : common::Json();
    case 11:
    case 23:
      return objects_with(value, "id") ? value : common::Json();
    case 15:
      return value.is_object() && value.contains("link") ? value : common::Json();
    case 17:
      return objects_with(value, "file_token") ? value : common::Json();
    case 18:
    case 21:
      if (all_of_type(value, &common::Json::is_string)) return {{"link_record_ids", value}};
      return value.is_object() && value.contains("link_record_ids") ? value : common::Json();
    case 22:
      if (value.is_string()) return {{"location", value}};
      return value.is_object() ? value : common::Json();
    default:
      return common::Json();
  }
}

int conversion_code(int type) {
  switch (type) {
    case 1:
      return 1254060;
    case 2:
      return 1254061;
    case 3:
      return 1254062;
    case 4:
      return 1254063;
    case 5:
      return 1254064;
    case 7:
      return 1254065;
    case 11:
      return 1254066;
    case 18:
    case 21:
      return 1254067;
    case 15:
      return 1254068;
    case 17:
      return 1254069;
    default:
      return 1254072;
  }
}

bool is_read_only(int type) { return type == 19 || type == 20 || type == 24 || type >= 1001; }

// The stored form of `value` for field `name`, or null for a null value
// (an empty cell). Throws for unknown, read-only or mistyped fields.
common::Json written_cell(const Table& table, const std::string& name, const common::Json& value,
                          ErrorStatusMode mode) {
  auto index = table.field_index(name);
  if (!index) {
    throw bitable_error(
        mode, codes::kFieldNameNotFound,
        fmt::format("FieldNameNotFound: table {} has no field '{}'", table.id(), name));
  }
  const auto& field = table.fields()[*index];
  int type = field.value("type", 0);
  if (is_read_only(type)) {
    throw bitable_error(mode, 1254001,
                        fmt::format("WrongRequestBody: field '{}' is read-only", name));
  }
  if (value.is_null()) return value;
  common::Json stored = convert(type, field.value("ui_type", std::string()), value);
  if (stored.is_null()) {
    throw bitable_error(
        mode, conversion_code(type),
        fmt::format("field '{}' (type {}) cannot take the value {}", name, type, value.dump()));
  }
  return stored;
}

void check_fields_object(const common::Json& written, ErrorStatusMode mode) {
  if (!written.is_object()) {
    throw bitable_error(mode, 1254001, "WrongRequestBody: every record needs a \"fields\" object");
  }
}

}  // namespace

WriteStamp write_stamp_now(const std::string& app_id) {
  WriteStamp stamp;
  stamp.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  stamp.author = {
      {"id", app_id}, {"name", app_id}, {"en_name", app_id}, {"email", ""}, {"avatar_url", ""}};
  return stamp;
}

common::Json record_from_write(const Table& table, const std::string& record_id,
                               const common::Json& written, const WriteStamp& stamp,
                               ErrorStatusMode mode) {
  check_fields_object(written, mode);
  common::Json cells = common::Json::object();
  for (const auto& [name, value] : written.items()) {
    common::Json stored = written_cell(table, name, value, mode);
    if (!stored.is_null()) cells[name] = std::move(stored);
  }
  // Cells Lark fills itself.
  for (const auto& field : table.fields()) {
    const std::string name = field.value("field_name", std::string());
    switch (field.value("type", 0)) {
      case 1001:
      case 1002:
        cells[name] = stamp.now_ms;
        break;
      case 1003:
      case 1004:
        cells[name] = common::Json::array({stamp.author});
        break;
      case 1005:
        cells[name] = std::to_string(stamp.auto_number);
        break;
      default:
        break;
    }
  }
  return {{"record_id", record_id},           {"fields", std::move(cells)},
          {"created_by", stamp.author},       {"created_time", stamp.now_ms},
          {"last_modified_by", stamp.author}, {"last_modified_time", stamp.now_ms}};
}

common::Json record_from_update(const Table& table, const std::string& record_id,
                                const common::Json& existing, const common::Json& written,
                                const WriteStamp& stamp, ErrorStatusMode mode) {
  check_fields_object(written, mode);
  common::Json record = existing;
  record["record_id"] = record_id;
  common::Json& cells = record["fields"];
  for (const auto& [name, value] : written.items()) {
    common::Json stored = written_cell(table, name, value, mode);
    if (stored.is_null()) {
      cells.erase(name);
    } else {
      cells[name] = std::move(stored);
    }
  }
  // Only the modification cells move; created time/user and the auto number stay.
  for (const auto& field : table.fields()) {
    const std::string name = field.value("field_name", std::string());
    int type = field.value("type", 0);
    if (type == 1002) cells[name] = stamp.now_ms;
    if (type == 1004) cells[name] = common::Json::array({stamp.author});
  }
  record["last_modified_by"] = stamp.author;
  record["last_modified_time"] = stamp.now_ms;
  return record;
}

}  // namespace larkbase::emulator
