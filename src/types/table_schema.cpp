#include "types/table_schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "common/error.hpp"
#include "types/column_name.hpp"
#include "types/column_type.hpp"

namespace larkbase::types {
namespace {

constexpr std::array<std::pair<ColumnRole, std::string_view>, 5> kRoleNames{{
    {ColumnRole::kField, "field"},
    {ColumnRole::kRecordId, "record_id"},
    {ColumnRole::kTableId, "table_id"},
    {ColumnRole::kBaseId, "base_id"},
    {ColumnRole::kSplitKey, "split_key"},
}};

ColumnRole role_from_string(std::string_view name) {
  for (const auto& [role, role_name] : kRoleNames) {
    if (role_name == name) return role;
  }
  throw common::UserError(fmt::format("table schema JSON: unknown column role '{}'", name));
}

Column make_column(std::string name, columnar::DataTypePtr type, ColumnRole role) {
  Column column;
  column.name = name;
  column.glue_type = glue_type(*type);
  column.field = columnar::Field{std::move(name), std::move(type), true};
  column.role = role;
  return column;
}

// auto_serial (types.md, AutoNumber property): digits only, never a prefix or a date.
bool has_integer_format(const LarkField& field) {
  if (!field.property.is_object()) return false;
  auto serial = field.property.find("auto_serial");
  if (serial == field.property.end() || !serial->is_object()) return false;
  const std::string type = serial->value("type", std::string());
  if (type == "auto_increment_number") return true;
  auto options = serial->find("options");
  if (type != "custom" || options == serial->end() || !options->is_array() || options->empty()) {
    return false;
  }
  return std::all_of(options->begin(), options->end(), [](const common::Json& option) {
    return option.is_object() && option.value("type", std::string()) == "system_number";
  });
}

Column lark_column(std::string name, columnar::DataTypePtr type, ColumnRole role,
                   const LarkField& field, FieldKind kind) {
  Column column = make_column(std::move(name), std::move(type), role);
  column.kind = kind;
  column.lark_field_id = field.field_id;
  column.lark_field_name = field.field_name;
  column.lark_type = field.type;
  column.lark_ui_type = field.ui_type;
  column.integer_auto_number = kind == FieldKind::kAutoNumber && has_integer_format(field);
  return column;
}

bool can_be_split_key(FieldKind kind) {
  return kind == FieldKind::kNumber || kind == FieldKind::kAutoNumber;
}

}  // namespace

std::string_view to_string(ColumnRole role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "field";
}

TableSchema::TableSchema(std::string app_token, std::string table_id, std::vector<Column> columns)
    : app_token_(std::move(app_token)),
      table_id_(std::move(table_id)),
      columns_(std::move(columns)) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (!by_name_.emplace(columns_[i].name, i).second) {
      throw common::InternalError(
          fmt::format("table {}: duplicate column name '{}'", table_id_, columns_[i].name));
    }
  }
}

int TableSchema::index_of(std::string_view column_name) const {
  auto it = by_name_.find(std::string(column_name));
  return it == by_name_.end() ? -1 : static_cast<int>(it->second);
}

const Column* TableSchema::find(std::string_view column_name) const {
  int index = index_of(column_name);
  return index < 0 ? nullptr : &columns_[static_cast<size_t>(index)];
}

const Column* TableSchema::find_by_lark_name(std::string_view lark_field_name) const {
  for (const auto& column : columns_) {
    if (column.has_lark_field() && column.lark_field_name == lark_field_name) return &column;
  }
  return nullptr;
}

columnar::Schema TableSchema::arrow_schema() const {
  columnar::Schema schema;
  schema.fields.reserve(columns_.size());
  for (const auto& column : columns_) schema.fields.push_back(column.field);
  return schema;
}

TableSchema build_table_schema(const std::string& app_token, const std::string& table_id,
                               const std::vector<LarkField>& fields, LookupResolver& resolver) {
  ColumnNamer namer;
  for (auto reserved : {kReservedRecordId, kReservedTableId, kReservedBaseId, kReservedSplitKey}) {
    namer.reserve(std::string(reserved));
  }
  std::vector<Column> columns;
  const LarkField* split_key = nullptr;
  for (const auto& field : fields) {
    FieldKind kind = field.kind();
    if (!is_exposed(kind)) continue;
    std::string base = sanitize_column_name(field.field_name, field.field_id);
    if (base == kReservedSplitKey && split_key == nullptr && can_be_split_key(kind)) {
      split_key = &field;
      continue;
    }
    if (is_reserved_column_name(base)) base += "_1";
    FieldKind lookup_target = FieldKind::kUnknown;
    if (kind == FieldKind::kLookup) {
      LookupResolution resolution = resolver.resolve(app_token, table_id, field);
      if (resolution.resolved) lookup_target = resolution.target_kind;
    }
    Column column = lark_column(namer.assign(base), column_type(kind, lookup_target),
                                ColumnRole::kField, field, kind);
    column.lookup_target = lookup_target;
    columns.push_back(std::move(column));
  }
  columns.push_back(
      make_column(std::string(kReservedRecordId), columnar::utf8_type(), ColumnRole::kRecordId));
  columns.push_back(
      make_column(std::string(kReservedTableId), columnar::utf8_type(), ColumnRole::kTableId));
  columns.push_back(
      make_column(std::string(kReservedBaseId), columnar::utf8_type(), ColumnRole::kBaseId));
  if (split_key != nullptr) {
    columns.push_back(lark_column(std::string(kReservedSplitKey), columnar::int64_type(),
                                  ColumnRole::kSplitKey, *split_key, split_key->kind()));
  }
  return TableSchema(app_token, table_id, std::move(columns));
}

common::Json to_json(const TableSchema& schema) {
  common::Json columns = common::Json::array();
  for (const auto& column : schema.columns()) {
    common::Json json{{"name", column.name},
                      {"role", to_string(column.role)},
                      {"type", data_type_to_json(*column.field.type)},
                      {"nullable", column.field.nullable},
                      {"glue_type", column.glue_type}};
    if (column.has_lark_field()) {
      json["kind"] = to_string(column.kind);
      json["lark_field_id"] = column.lark_field_id;
      json["lark_field_name"] = column.lark_field_name;
      json["lark_type"] = column.lark_type;
      json["lark_ui_type"] = column.lark_ui_type;
      if (column.kind == FieldKind::kLookup)
        json["lookup_target"] = to_string(column.lookup_target);
      if (column.integer_auto_number) json["integer_auto_number"] = true;
    }
    columns.push_back(std::move(json));
  }
  return common::Json{
      {"app_token", schema.app_token()}, {"table_id", schema.table_id()}, {"columns", columns}};
}

TableSchema table_schema_from_json(const common::Json& json) {
  constexpr std::string_view kWhat = "table schema JSON";
  if (!json.is_object() || !json.contains("columns") || !json["columns"].is_array()) {
    throw common::UserError("table schema JSON: expected an object with a columns array");
  }
  std::vector<Column> columns;
  try {
    for (const auto& item : json["columns"]) {
      Column column;
      column.name = item.at("name").get<std::string>();
      column.role = role_from_string(item.at("role").get<std::string>());
      column.field = columnar::Field{column.name, data_type_from_json(item.at("type"), kWhat),
                                     item.value("nullable", true)};
      column.glue_type = item.value("glue_type", glue_type(*column.field.type));
      if (column.has_lark_field()) {
        column.kind = field_kind_from_string(item.at("kind").get<std::string>());
        column.lark_field_id = item.at("lark_field_id").get<std::string>();
        column.lark_field_name = item.at("lark_field_name").get<std::string>();
        column.lark_type = item.value("lark_type", 0);
        column.lark_ui_type = item.value("lark_ui_type", std::string());
        column.lookup_target =
            field_kind_from_string(item.value("lookup_target", std::string("Unknown")));
        column.integer_auto_number = item.value("integer_auto_number", false);
      }
      columns.push_back(std::move(column));
    }
    return TableSchema(json.at("app_token").get<std::string>(),
                       json.at("table_id").get<std::string>(), std::move(columns));
  } catch (const common::Json::exception& error) {
    throw common::UserError(fmt::format("table schema JSON: {}", error.what()));
  }
}

}  // namespace larkbase::types
