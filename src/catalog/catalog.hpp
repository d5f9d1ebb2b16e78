#pragma once
// The catalog: schemas from a provider (chain), the tables of each schema (every
// table of its base, named by the sanitising and collision rules), and the
// TableSchema of each table (fields mapped by the type contract, lookups
// resolved). Schema lists, table lists and table schemas are cached for a TTL
// (default 5 minutes, injectable clock): an expired entry is re-read from Lark
// on next use, so a changed table refreshes without a restart. Thread-safe.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "catalog/metadata_source.hpp"
#include "catalog/schema_provider.hpp"
#include "catalog/source_config.hpp"
#include "common/deadline.hpp"
#include "common/ttl_cache.hpp"
#include "types/table_schema.hpp"

namespace larkbase::catalog {

using TableSchemaPtr = std::shared_ptr<const types::TableSchema>;

struct TableEntry {
  std::string name;  // sanitised, unique within the schema
  std::string table_id;
  std::string lark_name;  // as Lark shows it
  // Catalog-store tables (SchemaEntry::directory): their own base, their stored
  // schema, or why it cannot be served.
  std::string app_token;
  TableSchemaPtr stored_schema;
  std::string error;
};

struct ResolvedTable {
  std::string schema;
  std::string table;
  std::string app_token;
  std::string table_id;
  std::string lark_name;
  TableSchemaPtr stored_schema;  // set for catalog-store tables
  std::string error;             // set when a catalog-store table cannot be served
};

class Catalog {
 public:
  Catalog(std::unique_ptr<SchemaProvider> provider, MetadataSource& source,
          std::chrono::seconds ttl = kDefaultCatalogTtl, common::SteadyClock clock = {});

  // Sorted schema names.
  std::vector<std::string> list_schemas();
  // UserError naming the schema and the known ones when unknown. Names match
  // case-insensitively.
  SchemaEntry schema(const std::string& name);
  // The tables of a schema, in Lark's order.
  std::vector<TableEntry> list_tables(const std::string& schema);
  // UserError naming schema.table and the remedy when unknown.
  ResolvedTable resolve(const std::string& schema, const std::string& table);
  // The table's columns under the type contract (cached for the TTL).
  TableSchemaPtr table_schema(const std::string& app_token, const std::string& table_id);
  // The schema of a resolved table: the stored one for catalog-store tables
  // (UserError when it cannot be served), else table_schema(app_token, table_id).
  TableSchemaPtr table_schema(const ResolvedTable& table);

  // Duplicates, collisions and skipped rows found by the last listings.
  std::vector<std::string> warnings();
  // Forgets every cached entry (the next calls re-read Lark).
  void clear();

  std::string describe_sources() const { return provider_->describe(); }

 private:
  struct SchemaListing {
    std::map<std::string, SchemaEntry> schemas;
    std::vector<std::string> warnings;
  };
  struct TableListing {
    std::vector<TableEntry> tables;
    std::vector<std::string> warnings;
  };
  using ListingPtr = std::shared_ptr<const SchemaListing>;
  using TablesPtr = std::shared_ptr<const TableListing>;

  ListingPtr schema_listing();
  TablesPtr table_listing(const SchemaEntry& entry);
  TablesPtr directory_listing(const SchemaEntry& entry);
  TableSchemaPtr load_schema(const std::string& app_token, const std::string& table_id,
                             bool refresh);

  std::unique_ptr<SchemaProvider> provider_;
  MetadataSource& source_;
  common::TtlCache<int, ListingPtr> schemas_;
  common::TtlCache<std::pair<std::string, std::string>, TablesPtr> tables_;  // (schema, app_token)
  common::TtlCache<std::pair<std::string, std::string>, TableSchemaPtr> table_schemas_;
  std::mutex warnings_mutex_;
  std::map<std::string, std::vector<std::string>> table_warnings_;  // by schema
};

// Builds the provider chain of a configuration: direct bases, then the control
// tables, then the Drive folders (each only when enabled), then the Glue catalog.
// `deadline` (may be null): what the Glue catalog's calls fit before
// (CatalogStoreOptions::deadline).
std::unique_ptr<SchemaProvider> make_provider_chain(
    const SourceConfig& config, MetadataSource& source,
    std::shared_ptr<common::SharedDeadline> deadline = nullptr);

}  // namespace larkbase::catalog
