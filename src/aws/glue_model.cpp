#include "aws/glue_model.hpp"

namespace larkbase::aws {
namespace {

using common::Json;

void put_string(Json& json, const char* key, const std::string& value) {
  if (!value.empty()) json[key] = value;
}

void put_parameters(Json& json, const char* key, const GlueParameters& parameters) {
  if (!parameters.empty()) json[key] = parameters;
}

std::string get_string(const Json& json, const char* key) {
  auto it = json.find(key);
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

GlueParameters get_parameters(const Json& json, const char* key) {
  GlueParameters parameters;
  auto it = json.find(key);
  if (it == json.end() || !it->is_object()) return parameters;
  for (const auto& [name, value] : it->items()) {
    parameters[name] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  return parameters;
}

std::vector<GlueColumn> get_columns(const Json& json, const char* key) {
  std::vector<GlueColumn> columns;
  auto it = json.find(key);
  if (it == json.end() || !it->is_array()) return columns;
  for (const auto& column : *it) columns.push_back(glue_column_from_json(column));
  return columns;
}

Json columns_json(const std::vector<GlueColumn>& columns) {
  Json out = Json::array();
  for (const auto& column : columns) out.push_back(to_json(column));
  return out;
}

}  // namespace

Json to_json(const GlueColumn& column) {
  Json json{{"Name", column.name}};
  put_string(json, "Type", column.type);
  put_string(json, "Comment", column.comment);
  put_parameters(json, "Parameters", column.parameters);
  return json;
}

Json to_json(const GlueStorageDescriptor& descriptor) {
  Json json = Json::object();
  json["Columns"] = columns_json(descriptor.columns);
  put_string(json, "Location", descriptor.location);
  put_string(json, "InputFormat", descriptor.input_format);
  put_string(json, "OutputFormat", descriptor.output_format);
  if (descriptor.serde_info) {
    Json serde = Json::object();
    put_string(serde, "Name", descriptor.serde_info->name);
    put_string(serde, "SerializationLibrary", descriptor.serde_info->serialization_library);
    put_parameters(serde, "Parameters", descriptor.serde_info->parameters);
    json["SerdeInfo"] = serde;
  }
  put_parameters(json, "Parameters", descriptor.parameters);
  return json;
}

Json to_database_input(const GlueDatabase& database) {
  Json json{{"Name", database.name}};
  put_string(json, "Description", database.description);
  put_string(json, "LocationUri", database.location_uri);
  put_parameters(json, "Parameters", database.parameters);
  return json;
}

Json to_json(const GlueDatabase& database) {
  Json json = to_database_input(database);
  put_string(json, "CatalogId", database.catalog_id);
  return json;
}

Json to_table_input(const GlueTable& table) {
  Json json{{"Name", table.name}};
  put_string(json, "Description", table.description);
  put_string(json, "Owner", table.owner);
  put_string(json, "TableType", table.table_type);
  put_parameters(json, "Parameters", table.parameters);
  if (table.storage_descriptor) json["StorageDescriptor"] = to_json(*table.storage_descriptor);
  if (!table.partition_keys.empty()) json["PartitionKeys"] = columns_json(table.partition_keys);
  return json;
}

Json to_json(const GlueTable& table) {
  Json json = to_table_input(table);
  put_string(json, "DatabaseName", table.database_name);
  put_string(json, "CatalogId", table.catalog_id);
  return json;
}

GlueColumn glue_column_from_json(const Json& json) {
  return GlueColumn{get_string(json, "Name"), get_string(json, "Type"), get_string(json, "Comment"),
                    get_parameters(json, "Parameters")};
}

GlueStorageDescriptor glue_storage_descriptor_from_json(const Json& json) {
  GlueStorageDescriptor descriptor;
  descriptor.columns = get_columns(json, "Columns");
  descriptor.location = get_string(json, "Location");
  descriptor.input_format = get_string(json, "InputFormat");
  descriptor.output_format = get_string(json, "OutputFormat");
  if (auto it = json.find("SerdeInfo"); it != json.end() && it->is_object()) {
    descriptor.serde_info =
        GlueSerDeInfo{get_string(*it, "Name"), get_string(*it, "SerializationLibrary"),
                      get_parameters(*it, "Parameters")};
  }
  descriptor.parameters = get_parameters(json, "Parameters");
  return descriptor;
}

GlueDatabase glue_database_from_json(const Json& json) {
  return GlueDatabase{get_string(json, "Name"), get_string(json, "Description"),
                      get_string(json, "LocationUri"), get_parameters(json, "Parameters"),
                      get_string(json, "CatalogId")};
}

GlueTable glue_table_from_json(const Json& json) {
  GlueTable table;
  table.name = get_string(json, "Name");
  table.database_name = get_string(json, "DatabaseName");
  table.description = get_string(json, "Description");
  table.owner = get_string(json, "Owner");
  table.table_type = get_string(json, "TableType");
  table.parameters = get_parameters(json, "Parameters");
  if (auto it = json.find("StorageDescriptor"); it != json.end() && it->is_object()) {
    table.storage_descriptor = glue_storage_descriptor_from_json(*it);
  }
  table.partition_keys = get_columns(json, "PartitionKeys");
  table.catalog_id = get_string(json, "CatalogId");
  return table;
}

}  // namespace larkbase::aws
