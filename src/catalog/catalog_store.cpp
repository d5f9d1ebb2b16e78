#include "catalog/catalog_store.hpp"

#include <fmt/format.h>

#include "aws/aws_config.hpp"
#include "catalog/catalog_store_file.hpp"
#include "catalog/catalog_store_glue.hpp"
#include "common/error.hpp"

namespace larkbase::catalog {
namespace {

std::string string_at(const common::Json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

std::map<std::string, std::string> parameters_at(const common::Json& json) {
  std::map<std::string, std::string> parameters;
  auto it = json.find("Parameters");
  if (it == json.end() || !it->is_object()) return parameters;
  for (const auto& [key, value] : it->items()) {
    if (value.is_string()) parameters.emplace(key, value.get<std::string>());
  }
  return parameters;
}

void require_name(const common::Json& json, std::string_view what) {
  if (!json.is_object() || !json.contains("Name") || !json["Name"].is_string() ||
      json["Name"].get<std::string>().empty()) {
    throw common::UserError(fmt::format("{}: expected an object with a Name", what));
  }
}

}  // namespace

common::Json to_glue_json(const StoredDatabase& database) {
  common::Json json{{"Name", database.name}};
  if (!database.description.empty()) json["Description"] = database.description;
  if (!database.location_uri.empty()) json["LocationUri"] = database.location_uri;
  if (!database.parameters.empty()) json["Parameters"] = database.parameters;
  // No CreateTableDefaultPermissions (the reference sends IAM_ALLOWED_PRINCIPALS
  // ALL): Glue then applies the account's Lake Formation default, so a crawl
  // never opts a Lake Formation-governed catalog out of it (docs/crawler.md).
  return json;
}

common::Json to_glue_json(const StoredTable& table) {
  common::Json columns = common::Json::array();
  for (const auto& column : table.columns) {
    common::Json item{{"Name", column.name}, {"Type", column.type}};
    if (!column.comment.empty()) item["Comment"] = column.comment;
    columns.push_back(std::move(item));
  }
  common::Json storage{{"Columns", columns}};
  if (!table.location.empty()) storage["Location"] = table.location;
  if (!table.input_format.empty()) storage["InputFormat"] = table.input_format;
  if (!table.output_format.empty()) storage["OutputFormat"] = table.output_format;
  common::Json json{{"Name", table.name}, {"StorageDescriptor", storage}};
  if (!table.description.empty()) json["Description"] = table.description;
  if (!table.table_type.empty()) json["TableType"] = table.table_type;
  json["Parameters"] = table.parameters;
  json["PartitionKeys"] = common::Json::array();
  return json;
}

StoredDatabase database_from_glue_json(const common::Json& json, std::string_view what) {
  require_name(json, what);
  StoredDatabase database;
  database.name = json["Name"].get<std::string>();
  database.location_uri = string_at(json, "LocationUri");
  database.description = string_at(json, "Description");
  database.parameters = parameters_at(json);
  return database;
}

StoredTable table_from_glue_json(const common::Json& json, const std::string& database,
                                 std::string_view what) {
  require_name(json, what);
  StoredTable table;
  table.database = database;
  table.name = json["Name"].get<std::string>();
  table.description = string_at(json, "Description");
  table.table_type = string_at(json, "TableType");
  table.parameters = parameters_at(json);
  auto storage = json.find("StorageDescriptor");
  if (storage == json.end() || !storage->is_object()) return table;
  table.location = string_at(*storage, "Location");
  table.input_format = string_at(*storage, "InputFormat");
  table.output_format = string_at(*storage, "OutputFormat");
  auto columns = storage->find("Columns");
  if (columns == storage->end() || !columns->is_array()) return table;
  for (const auto& item : *columns) {
    if (!item.is_object()) continue;
    table.columns.push_back(
        {string_at(item, "Name"), string_at(item, "Type"), string_at(item, "Comment")});
  }
  return table;
}

std::unique_ptr<CatalogStore> open_catalog_store(const std::string& spec,
                                                 const CatalogStoreOptions& options) {
  const std::string& glue_catalog_id = options.glue_catalog_id;
  if (spec.empty()) {
    throw common::UserError("no catalog given: use --catalog glue or --catalog FILE.json");
  }
  if (spec == "glue") {
    // Region, credentials and endpoint from the environment (docs/aws.md).
    return std::make_unique<GlueCatalogStore>(aws::resolve_aws_config(), glue_catalog_id,
                                              options.deadline);
  }
  if (!glue_catalog_id.empty()) {
    throw common::UserError(fmt::format(
        "a Glue catalog id ({}) was given with the local catalog file {}; the catalog id applies "
        "to AWS Glue only: drop it (--catalog-id, --glue-catalog-id, LARKBASE_GLUE_CATALOG_ID) or "
        "use glue",
        glue_catalog_id, spec));
  }
  return std::make_unique<FileCatalogStore>(spec, options.for_writing);
}

}  // namespace larkbase::catalog
