#include "catalog/glue_objects.hpp"

#include <fmt/format.h>

#include "common/error.hpp"
#include "types/column_name.hpp"
#include "types/column_type.hpp"

namespace larkbase::catalog {
namespace {

constexpr std::string_view kKeyBase = "LarkBaseId=";
constexpr std::string_view kKeyTable = "/LarkBaseTableId=";
constexpr std::string_view kKeyField = "/LarkBaseFieldId=";
constexpr std::string_view kKeyName = "/LarkBaseFieldName=";
constexpr std::string_view kKeyType = "/LarkBaseFieldType=";

// The value of `key=` in a `/`-separated location (the first segment that starts with it).
std::optional<std::string> segment(std::string_view uri, std::string_view key) {
  size_t start = 0;
  while (start <= uri.size()) {
    size_t end = uri.find('/', start);
    if (end == std::string_view::npos) end = uri.size();
    std::string_view part = uri.substr(start, end - start);
    if (part.substr(0, key.size()) == key && part.size() > key.size() && part[key.size()] == '=') {
      return std::string(part.substr(key.size() + 1));
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::string parameter(const StoredTable& table, std::string_view key) {
  auto it = table.parameters.find(std::string(key));
  return it == table.parameters.end() ? "" : it->second;
}

// "Lookup<Lookup<Number>>" → outer "Lookup", innermost "Number" (the reference's rule:
// the text after the last `<`, without `>`).
std::pair<std::string, std::string> split_descriptor(std::string_view type) {
  size_t open = type.find('<');
  if (open == std::string_view::npos) return {std::string(type), ""};
  std::string inner(type.substr(type.rfind('<') + 1));
  std::erase(inner, '>');
  return {std::string(type.substr(0, open)), inner};
}

types::Column column_from_mapping(const StoredColumn& stored, const FieldMapping& mapping) {
  auto [outer, inner] = split_descriptor(mapping.type);
  types::FieldKind kind = types::classify_field(0, outer);
  types::FieldKind target = types::FieldKind::kUnknown;
  if (kind == types::FieldKind::kLookup && !inner.empty()) target = types::classify_field(0, inner);
  types::Column column;
  column.name = stored.name;
  column.kind = kind;
  column.lookup_target = target;
  column.lark_field_id = mapping.field_id;
  column.lark_field_name = mapping.field_name;
  column.lark_ui_type = std::string(types::to_string(kind));
  auto type = types::column_type(kind, target);
  column.glue_type = type ? types::glue_type(*type) : "";
  column.field = columnar::Field{stored.name, std::move(type), true};
  return column;
}

types::Column reserved_column(std::string_view name, types::ColumnRole role) {
  types::Column column;
  column.name = std::string(name);
  column.role = role;
  column.field = columnar::Field{column.name, columnar::utf8_type(), true};
  column.glue_type = "string";
  return column;
}

}  // namespace

std::string to_location(const LarkLocation& location) {
  std::string uri = fmt::format("{}/CrawlingMethod={}/DataSource={}/Base={}", kLarkFlag,
                                location.method, location.data_source, location.base);
  if (!location.table.empty()) uri += "/Table=" + location.table;
  return uri;
}

std::optional<LarkLocation> parse_location(std::string_view uri) {
  if (uri.substr(0, kLarkFlag.size()) != kLarkFlag) return std::nullopt;
  auto method = segment(uri, "CrawlingMethod");
  auto source = segment(uri, "DataSource");
  if (!method || !source) return std::nullopt;
  LarkLocation location{*method, *source, segment(uri, "Base").value_or(""),
                        segment(uri, "Table").value_or("")};
  return location;
}

bool is_lark_database(const StoredDatabase& database) {
  return database.location_uri.find(kLarkFlag) != std::string::npos;
}

bool is_lark_table(const StoredTable& table) {
  return parameter(table, kParamClassification).find(kLarkFlag) != std::string::npos;
}

std::string escape_comment_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '%') {
      out += "%25";
    } else if (c == '/') {
      out += "%2F";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string unescape_comment_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '%' && i + 2 < value.size()) {
      std::string_view code = value.substr(i + 1, 2);
      if (code == "25") {
        out.push_back('%');
        i += 2;
        continue;
      }
      if (code == "2F" || code == "2f") {
        out.push_back('/');
        i += 2;
        continue;
      }
    }
    out.push_back(value[i]);
  }
  return out;
}

std::string column_comment(const FieldMapping& mapping) {
  return fmt::format("{}{}{}{}{}{}{}{}{}{}", kKeyBase, escape_comment_value(mapping.base_id),
                     kKeyTable, escape_comment_value(mapping.table_id), kKeyField,
                     escape_comment_value(mapping.field_id), kKeyName,
                     escape_comment_value(mapping.field_name), kKeyType, mapping.type);
}

std::optional<FieldMapping> parse_column_comment(std::string_view comment, bool escaped) {
  if (comment.substr(0, kKeyBase.size()) != kKeyBase) return std::nullopt;
  size_t table = comment.find(kKeyTable);
  size_t field = table == std::string_view::npos ? table : comment.find(kKeyField, table);
  size_t name = field == std::string_view::npos ? field : comment.find(kKeyName, field);
  size_t type = comment.rfind(kKeyType);  // the name may hold a raw `/` (Java crawler)
  if (name == std::string_view::npos || type == std::string_view::npos || type < name) {
    return std::nullopt;
  }
  auto value = [&](size_t begin, size_t end) {
    std::string_view raw = comment.substr(begin, end - begin);
    return escaped ? unescape_comment_value(raw) : std::string(raw);
  };
  FieldMapping mapping;
  mapping.base_id = value(kKeyBase.size(), table);
  mapping.table_id = value(table + kKeyTable.size(), field);
  mapping.field_id = value(field + kKeyField.size(), name);
  mapping.field_name = value(name + kKeyName.size(), type);
  mapping.type = std::string(comment.substr(type + kKeyType.size()));
  if (mapping.field_id.empty() || mapping.type.empty()) return std::nullopt;
  return mapping;
}

std::string type_descriptor(const types::Column& column, std::string_view formula_result) {
  std::string kind(types::to_string(column.kind));
  if (column.kind == types::FieldKind::kFormula) {
    return fmt::format("{}<{}>", kind, formula_result.empty() ? "Text" : formula_result);
  }
  if (column.kind == types::FieldKind::kLookup) {
    bool resolved = column.lookup_target != types::FieldKind::kUnknown;
    return fmt::format("{}<{}>", kind,
                       resolved ? std::string(types::to_string(column.lookup_target)) : "NULL");
  }
  return kind;
}

types::TableSchema stored_table_schema(const StoredTable& table) {
  std::string qualified = table.database + "." + table.name;
  std::string app_token = parameter(table, kParamBaseId);
  std::string table_id = parameter(table, kParamTableId);
  if (app_token.empty() || table_id.empty()) {
    throw common::UserError(fmt::format(
        "catalog table {} has no {} / {} parameter, so its Lark table is unknown; crawl it "
        "again (larkbase crawl) or fix its parameters",
        qualified, kParamBaseId, kParamTableId));
  }
  bool escaped = parameter(table, kParamCommentEscape) == kCommentEscapePercent;
  std::vector<types::Column> columns;
  std::optional<types::Column> split_key;
  for (const auto& stored : table.columns) {
    auto mapping = parse_column_comment(stored.comment, escaped);
    if (!mapping) {
      throw common::UserError(fmt::format(
          "column {} of catalog table {} has no Lark field mapping in its comment (expected "
          "LarkBaseId=…/LarkBaseTableId=…/LarkBaseFieldId=…/LarkBaseFieldName=…/"
          "LarkBaseFieldType=…, found '{}'); crawl the table again",
          stored.name, qualified, stored.comment));
    }
    types::Column column = column_from_mapping(stored, *mapping);
    if (!types::is_exposed(column.kind)) continue;
    bool numeric =
        column.kind == types::FieldKind::kNumber || column.kind == types::FieldKind::kAutoNumber;
    if (stored.name == types::kReservedSplitKey && numeric && !split_key) {
      column.role = types::ColumnRole::kSplitKey;
      column.field.type = columnar::int64_type();
      column.glue_type = "bigint";
      split_key = std::move(column);
      continue;
    }
    columns.push_back(std::move(column));
  }
  auto has = [&](std::string_view name) {
    for (const auto& column : columns) {
      if (column.name == name) return true;
    }
    return false;
  };
  // As the reference: a reserved column is added unless the table already has that name.
  for (auto [name, role] : {std::pair{types::kReservedRecordId, types::ColumnRole::kRecordId},
                            std::pair{types::kReservedTableId, types::ColumnRole::kTableId},
                            std::pair{types::kReservedBaseId, types::ColumnRole::kBaseId}}) {
    if (!has(name)) columns.push_back(reserved_column(name, role));
  }
  if (split_key) columns.push_back(std::move(*split_key));
  return types::TableSchema(app_token, table_id, std::move(columns));
}

}  // namespace larkbase::catalog
