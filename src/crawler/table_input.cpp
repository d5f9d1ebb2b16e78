#include "crawler/table_input.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "catalog/glue_objects.hpp"

namespace larkbase::crawler {
namespace {

using catalog::StoredColumn;
using catalog::StoredTable;

std::string param(const StoredTable& table, std::string_view key) {
  auto it = table.parameters.find(std::string(key));
  return it == table.parameters.end() ? "" : it->second;
}

// The formula's result ui_type when Lark gives one (property.type.ui_type).
std::string formula_result(const std::vector<types::LarkField>& fields,
                           const std::string& field_id) {
  for (const auto& field : fields) {
    if (field.field_id != field_id || !field.property.is_object()) continue;
    auto type = field.property.find("type");
    if (type == field.property.end() || !type->is_object()) return "";
    auto ui_type = type->find("ui_type");
    if (ui_type != type->end() && ui_type->is_string()) return ui_type->get<std::string>();
  }
  return "";
}

struct MappedColumn {
  size_t index;
  StoredColumn column;
  std::string field_name;
  std::string type;
};

// Columns keyed by Lark field id (nullopt when a column has no readable mapping).
std::optional<std::map<std::string, MappedColumn>> columns_by_field(const StoredTable& table) {
  bool escaped = param(table, catalog::kParamCommentEscape) == catalog::kCommentEscapePercent;
  std::map<std::string, MappedColumn> mapped;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    auto mapping = catalog::parse_column_comment(table.columns[i].comment, escaped);
    if (!mapping) return std::nullopt;
    mapped[mapping->field_id] = {i, table.columns[i], mapping->field_name, mapping->type};
  }
  return mapped;
}

void column_changes(const StoredTable& stored, const StoredTable& wanted,
                    std::vector<std::string>& changes) {
  if (stored.columns == wanted.columns) return;
  auto before = columns_by_field(stored);
  auto after = columns_by_field(wanted);
  if (!before || !after) {
    changes.push_back("columns rewritten (the stored columns have no readable field mapping)");
    return;
  }
  size_t first = changes.size();
  for (const auto& [field_id, now] : *after) {
    auto it = before->find(field_id);
    if (it == before->end()) {
      changes.push_back(fmt::format("column {} added ({})", now.column.name, now.type));
      continue;
    }
    const auto& was = it->second;
    if (was.column.name != now.column.name || was.field_name != now.field_name) {
      changes.push_back(fmt::format("field {} renamed: '{}' → '{}' (column {} → {})", field_id,
                                    was.field_name, now.field_name, was.column.name,
                                    now.column.name));
    }
    if (was.column.type != now.column.type || was.type != now.type) {
      changes.push_back(fmt::format("column {}: type {} → {} ({} → {})", now.column.name,
                                    was.column.type, now.column.type, was.type, now.type));
    }
  }
  for (const auto& [field_id, was] : *before) {
    if (after->count(field_id) == 0) {
      changes.push_back(fmt::format("column {} removed", was.column.name));
    }
  }
  if (changes.size() == first) changes.push_back("column order or field mapping changed");
}

void text_change(const char* what, const std::string& was, const std::string& now,
                 std::vector<std::string>& changes) {
  if (was != now) changes.push_back(fmt::format("{}: '{}' → '{}'", what, was, now));
}

}  // namespace

catalog::StoredDatabase database_input(const CrawlRequest& request, const std::string& name,
                                       const std::string& app_token) {
  catalog::StoredDatabase database;
  database.name = name;
  database.location_uri =
      catalog::to_location({request.method(), request.data_source(), app_token, ""});
  database.description = fmt::format("Lark base {}, registered by larkbase crawl from {}",
                                     app_token, request.describe());
  return database;
}

StoredTable table_input(const CrawlRequest& request, const std::string& database,
                        const std::string& name, const std::string& lark_name,
                        const types::TableSchema& schema,
                        const std::vector<types::LarkField>& fields) {
  StoredTable table;
  table.database = database;
  table.name = name;
  table.table_type = std::string(catalog::kLarkTableType);
  auto& p = table.parameters;
  p[std::string(catalog::kParamClassification)] = std::string(catalog::kLarkFlag);
  p[std::string(catalog::kParamCrawlingMethod)] = request.method();
  p[std::string(catalog::kParamBaseId)] = schema.app_token();
  p[std::string(catalog::kParamTableId)] = schema.table_id();
  p[std::string(catalog::kParamTableName)] = lark_name;
  p[std::string(catalog::kParamCommentEscape)] = std::string(catalog::kCommentEscapePercent);
  if (request.kind == SourceKind::kLarkBase) {
    p[std::string(catalog::kParamBaseDataSource)] = request.control_base;
    p[std::string(catalog::kParamTableDataSource)] = request.control_table;
  } else {
    p[std::string(catalog::kParamDriveFolder)] = request.folder_token;
  }
  table.location = catalog::to_location(
      {request.method(), request.data_source(), schema.app_token(), schema.table_id()});
  table.input_format = std::string(catalog::kLarkInputFormat);
  table.output_format = std::string(catalog::kLarkOutputFormat);
  for (const auto& column : schema.columns()) {
    if (!column.has_lark_field()) continue;
    catalog::FieldMapping mapping{
        schema.app_token(), schema.table_id(), column.lark_field_id, column.lark_field_name,
        catalog::type_descriptor(column, formula_result(fields, column.lark_field_id))};
    table.columns.push_back({column.name, column.glue_type, catalog::column_comment(mapping)});
  }
  return table;
}

bool owns_database(const CrawlRequest& request, const catalog::StoredDatabase& database) {
  auto location = catalog::parse_location(database.location_uri);
  return location && location->method == request.method() &&
         location->data_source == request.data_source();
}

bool owns_table(const CrawlRequest& request, const StoredTable& table) {
  if (!catalog::is_lark_table(table)) return false;
  if (param(table, catalog::kParamCrawlingMethod) != request.method()) return false;
  if (request.kind == SourceKind::kLarkBase) {
    return param(table, catalog::kParamBaseDataSource) == request.control_base &&
           param(table, catalog::kParamTableDataSource) == request.control_table;
  }
  return param(table, catalog::kParamDriveFolder) == request.folder_token;
}

std::vector<std::string> table_changes(const StoredTable& stored, const StoredTable& wanted) {
  std::vector<std::string> changes;
  if (stored == wanted) return changes;
  std::set<std::string> keys;
  for (const auto& [key, value] : stored.parameters) keys.insert(key);
  for (const auto& [key, value] : wanted.parameters) keys.insert(key);
  for (const auto& key : keys) {
    text_change(fmt::format("parameter {}", key).c_str(), param(stored, key), param(wanted, key),
                changes);
  }
  text_change("location", stored.location, wanted.location, changes);
  text_change("table type", stored.table_type, wanted.table_type, changes);
  text_change("input format", stored.input_format, wanted.input_format, changes);
  text_change("output format", stored.output_format, wanted.output_format, changes);
  text_change("description", stored.description, wanted.description, changes);
  column_changes(stored, wanted, changes);
  if (changes.empty()) changes.push_back("table attributes changed");
  return changes;
}

}  // namespace larkbase::crawler
