#pragma once
// Seed "Flow 2": a Lark Base control table whose rows name the schemas. Like the
// reference connector, column `id` holds the base token and `name` the schema
// name, matched case-insensitively after sanitising the column keys (`ID`,
// `Name` work). Unlike it, the optional `whitelist_tables` / `blacklist_tables`
// columns (comma-separated table ids) are honoured here too. A row without an
// id or a name is skipped and reported.
#include "catalog/metadata_source.hpp"
#include "catalog/schema_provider.hpp"
#include "catalog/source_config.hpp"

namespace larkbase::catalog {

class ControlTableProvider final : public SchemaProvider {
 public:
  ControlTableProvider(ControlTableSource table, MetadataSource& source)
      : table_(std::move(table)), source_(source) {}

  std::string describe() const override;
  ProviderResult list() override;

 private:
  ControlTableSource table_;
  MetadataSource& source_;
};

// The text of a control-table cell: a string, a list of text segments (their
// `text` joined), a number, or a formula/lookup wrapper {"value": [...]}.
std::string cell_text(const common::Json& cell);

}  // namespace larkbase::catalog
