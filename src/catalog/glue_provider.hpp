#pragma once
// The Glue metadata flow (seed "Flow 1", reference §6.2): schemas are the
// catalog store's databases whose LocationUri carries `lark-base-flag`, tables
// are their tables whose `classification` parameter carries it, and each table's
// columns come from the store (names as stored, types and Lark field mapping
// from the column comments). Works over any CatalogStore: AWS Glue or a local
// catalog file written by `larkbase crawl`.
#include <memory>
#include <string>

#include "catalog/catalog_store.hpp"
#include "catalog/schema_provider.hpp"

namespace larkbase::catalog {

class GlueProvider final : public SchemaProvider {
 public:
  explicit GlueProvider(std::shared_ptr<CatalogStore> store) : store_(std::move(store)) {}

  std::string describe() const override { return store_->describe(); }
  ProviderResult list() override;

 private:
  std::shared_ptr<CatalogStore> store_;
};

// The tables of one Lark database of a store (exposed for tests).
class StoreTableDirectory final : public TableDirectory {
 public:
  StoreTableDirectory(std::shared_ptr<CatalogStore> store, std::string database)
      : store_(std::move(store)), database_(std::move(database)) {}
  DirectoryListing list() override;

 private:
  std::shared_ptr<CatalogStore> store_;
  std::string database_;
};

}  // namespace larkbase::catalog
