#include "catalog/glue_provider.hpp"

#include <fmt/format.h>

#include "catalog/glue_objects.hpp"
#include "common/error.hpp"

namespace larkbase::catalog {

ProviderResult GlueProvider::list() {
  ProviderResult result;
  for (const auto& database : store_->list_databases()) {
    if (!is_lark_database(database)) continue;  // not ours to serve
    SchemaEntry entry;
    entry.name = database.name;
    auto location = parse_location(database.location_uri);
    entry.app_token = location ? location->base : "";
    entry.origin = fmt::format("database {} of {}", database.name, store_->describe());
    entry.directory = std::make_shared<StoreTableDirectory>(store_, database.name);
    add_schema(result, std::move(entry));
  }
  return result;
}

DirectoryListing StoreTableDirectory::list() {
  DirectoryListing listing;
  for (const auto& table : store_->list_tables(database_)) {
    if (!is_lark_table(table)) continue;
    DirectoryTable entry;
    entry.name = table.name;
    auto param = [&](std::string_view key) {
      auto it = table.parameters.find(std::string(key));
      return it == table.parameters.end() ? std::string() : it->second;
    };
    entry.app_token = param(kParamBaseId);
    entry.table_id = param(kParamTableId);
    entry.lark_name = param(kParamTableName);
    try {
      entry.schema = std::make_shared<const types::TableSchema>(stored_table_schema(table));
    } catch (const common::Error& error) {
      entry.error = error.what();
      listing.warnings.push_back(error.what());
    }
    listing.tables.push_back(std::move(entry));
  }
  return listing;
}

}  // namespace larkbase::catalog
