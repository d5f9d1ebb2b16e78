#include "catalog/catalog.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

#include "catalog/control_table_provider.hpp"
#include "catalog/direct_provider.hpp"
#include "catalog/drive_folder_provider.hpp"
#include "catalog/field_list_memo.hpp"
#include "catalog/glue_provider.hpp"
#include "catalog/name_rules.hpp"
#include "catalog/provider_chain.hpp"
#include "common/error.hpp"
#include "types/lookup_resolver.hpp"

namespace larkbase::catalog {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string joined(const std::vector<std::string>& names) {
  if (names.empty()) return "(none)";
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

Catalog::Catalog(std::unique_ptr<SchemaProvider> provider, MetadataSource& source,
                 std::chrono::seconds ttl, common::SteadyClock clock)
    : provider_(std::move(provider)),
      source_(source),
      schemas_(ttl, clock),
      tables_(ttl, clock),
      table_schemas_(ttl, clock) {}

Catalog::ListingPtr Catalog::schema_listing() {
  return schemas_.get(0, [this](bool) {
    auto result = provider_->list();
    auto listing = std::make_shared<SchemaListing>();
    for (auto& entry : result.schemas) listing->schemas.emplace(entry.name, std::move(entry));
    listing->warnings = std::move(result.warnings);
    return ListingPtr(std::move(listing));
  });
}

std::vector<std::string> Catalog::list_schemas() {
  std::vector<std::string> names;
  for (const auto& [name, entry] : schema_listing()->schemas) names.push_back(name);
  return names;  // std::map keeps them sorted
}

SchemaEntry Catalog::schema(const std::string& name) {
  auto listing = schema_listing();
  auto it = listing->schemas.find(name);
  if (it == listing->schemas.end()) it = listing->schemas.find(lower(name));
  if (it == listing->schemas.end()) {
    throw common::UserError(fmt::format(
        "schema '{}' is not known; known schemas: {}. Sources: {}. Add the base with --base "
        "APP_TOKEN={} or check the control table / Drive folder",
        name, joined(list_schemas()), provider_->describe(), name));
  }
  return it->second;
}

Catalog::TablesPtr Catalog::table_listing(const SchemaEntry& entry) {
  return tables_.get({entry.name, entry.app_token}, [&](bool) {
    if (entry.directory) return directory_listing(entry);
    std::vector<NamingInput> inputs;
    for (const auto& table : source_.list_tables(entry.app_token)) {
      if (!entry.admits(table.table_id)) continue;
      inputs.push_back({table.name, table.table_id});
    }
    auto naming = assign_names(inputs, "table", "schema " + entry.name);
    auto listing = std::make_shared<TableListing>();
    for (size_t i = 0; i < inputs.size(); ++i) {
      TableEntry table;
      table.name = naming.names[i];
      table.table_id = inputs[i].id;
      table.lark_name = inputs[i].lark_name;
      listing->tables.push_back(std::move(table));
    }
    listing->warnings = std::move(naming.warnings);
    std::lock_guard lock(warnings_mutex_);
    table_warnings_[entry.name] = listing->warnings;
    return TablesPtr(std::move(listing));
  });
}

Catalog::TablesPtr Catalog::directory_listing(const SchemaEntry& entry) {
  auto stored = entry.directory->list();
  auto listing = std::make_shared<TableListing>();
  for (auto& table : stored.tables) {
    listing->tables.push_back({std::move(table.name), std::move(table.table_id),
                               std::move(table.lark_name), std::move(table.app_token),
                               std::move(table.schema), std::move(table.error)});
  }
  listing->warnings = std::move(stored.warnings);
  std::lock_guard lock(warnings_mutex_);
  table_warnings_[entry.name] = listing->warnings;
  return TablesPtr(std::move(listing));
}

std::vector<TableEntry> Catalog::list_tables(const std::string& schema_name) {
  return table_listing(schema(schema_name))->tables;
}

ResolvedTable Catalog::resolve(const std::string& schema_name, const std::string& table) {
  SchemaEntry entry = schema(schema_name);
  auto listing = table_listing(entry);
  for (const std::string& wanted : {table, lower(table)}) {
    for (const auto& candidate : listing->tables) {
      if (candidate.name == wanted) {
        return {entry.name,
                candidate.name,
                candidate.app_token.empty() ? entry.app_token : candidate.app_token,
                candidate.table_id,
                candidate.lark_name,
                candidate.stored_schema,
                candidate.error};
      }
    }
  }
  std::vector<std::string> names;
  for (const auto& candidate : listing->tables) names.push_back(candidate.name);
  throw common::UserError(fmt::format(
      "table {}.{} is not known; tables of schema {} (base {}): {}. Run `larkbase tables` to "
      "list every table",
      entry.name, table, entry.name, entry.app_token, joined(names)));
}

TableSchemaPtr Catalog::table_schema(const std::string& app_token, const std::string& table_id) {
  return table_schemas_.get({app_token, table_id},
                            [&](bool stale) { return load_schema(app_token, table_id, stale); });
}

TableSchemaPtr Catalog::table_schema(const ResolvedTable& table) {
  if (!table.error.empty()) throw common::UserError(table.error);
  if (table.stored_schema) return table.stored_schema;
  return table_schema(table.app_token, table.table_id);
}

TableSchemaPtr Catalog::load_schema(const std::string& app_token, const std::string& table_id,
                                    bool refresh) {
  FieldListMemo fields(source_, refresh);
  types::LookupResolver resolver(fields);
  return std::make_shared<const types::TableSchema>(
      types::build_table_schema(app_token, table_id, fields.fields(app_token, table_id), resolver));
}

std::vector<std::string> Catalog::warnings() {
  std::vector<std::string> all;
  if (auto listing = schemas_.peek(0)) all = (*listing)->warnings;
  std::lock_guard lock(warnings_mutex_);
  for (const auto& [schema, warnings] : table_warnings_) {
    all.insert(all.end(), warnings.begin(), warnings.end());
  }
  return all;
}

void Catalog::clear() {
  schemas_.clear();
  tables_.clear();
  table_schemas_.clear();
  std::lock_guard lock(warnings_mutex_);
  table_warnings_.clear();
}

std::unique_ptr<SchemaProvider> make_provider_chain(
    const SourceConfig& config, MetadataSource& source,
    std::shared_ptr<common::SharedDeadline> deadline) {
  config.validate();
  std::vector<std::unique_ptr<SchemaProvider>> providers;
  if (!config.bases.empty()) {
    providers.push_back(std::make_unique<DirectProvider>(config.bases, source));
  }
  if (config.control_table_enabled) {
    for (const auto& table : config.control_tables) {
      providers.push_back(std::make_unique<ControlTableProvider>(table, source));
    }
  }
  if (config.drive_enabled) {
    for (const auto& folder : config.drive_folders) {
      providers.push_back(std::make_unique<DriveFolderProvider>(folder, source));
    }
  }
  // The Glue catalog last: the seed's order (and the reference's doGetTable)
  // makes it the fallback behind the Lark sources.
  if (!config.glue_catalog.empty()) {
    CatalogStoreOptions options;
    options.glue_catalog_id = config.glue_catalog_id;
    options.deadline = std::move(deadline);
    providers.push_back(
        std::make_unique<GlueProvider>(open_catalog_store(config.glue_catalog, options)));
  }
  return std::make_unique<ProviderChain>(std::move(providers));
}

}  // namespace larkbase::catalog
