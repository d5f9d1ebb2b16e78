#pragma once
// A schema provider discovers schemas: each names one Lark base. The tables of
// a schema are every table of its base (minus the ones a control-table row
// excludes); the catalog lists and names them.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "catalog/table_directory.hpp"

namespace larkbase::catalog {

struct SchemaEntry {
  std::string name;       // sanitised schema name
  std::string app_token;  // the base behind it
  std::string origin;     // where it came from, for messages ("Drive folder fldX")
  // Table ids to keep (empty: all) and to drop; from a control-table row.
  std::set<std::string> whitelist_tables;
  std::set<std::string> blacklist_tables;
  // Set when a catalog store holds the schema's tables (the Glue flow): the
  // tables and their schemas come from it, not from listing the base in Lark.
  std::shared_ptr<TableDirectory> directory = nullptr;

  bool admits(const std::string& table_id) const {
    if (blacklist_tables.count(table_id) != 0) return false;
    return whitelist_tables.empty() || whitelist_tables.count(table_id) != 0;
  }
};

struct ProviderResult {
  std::vector<SchemaEntry> schemas;
  std::vector<std::string> warnings;  // rows skipped, names derived, duplicates
};

class SchemaProvider {
 public:
  virtual ~SchemaProvider() = default;
  // "direct bases", "control table tblX of base appY", "Drive folder fldX".
  virtual std::string describe() const = 0;
  // Reads the source. Errors propagate (a source that cannot be read fails the
  // listing with a message naming it; it is never silently empty).
  virtual ProviderResult list() = 0;
};

// Adds `entry` unless its name is taken; a duplicate is reported in `result`.
void add_schema(ProviderResult& result, SchemaEntry entry);

}  // namespace larkbase::catalog
