#pragma once
// Where schemas come from (the discovery flows of the seed document):
// - direct: bases listed by the user, `APP_TOKEN[=SCHEMA]` (LARK_BASES, --base);
// - control table (seed "Flow 2"): a Lark Base table whose rows name
//   schema → base (ACTIVATE_LARK_BASE_SOURCE, LARK_BASE_DATA_SOURCE_ID,
//   LARK_TABLE_DATA_SOURCE_ID);
// - Drive folder (seed "Flow 3"): the bitables of a folder
//   (ACTIVATE_LARK_DRIVE_SOURCE, LARK_FOLDER_TOKEN_DATA_SOURCE).
// The environment gives the defaults; command-line flags override them.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace larkbase::catalog {

inline constexpr std::chrono::seconds kDefaultCatalogTtl{300};

struct BaseSource {
  std::string app_token;
  std::string schema;  // "" = the base's name, sanitised
};

struct ControlTableSource {
  std::string app_token;
  std::string table_id;
};

struct SourceConfig {
  std::vector<BaseSource> bases;

  bool control_table_enabled = false;
  std::vector<ControlTableSource> control_tables;

  bool drive_enabled = false;
  std::vector<std::string> drive_folders;

  // The Glue flow (seed "Flow 1"): "glue" (AWS Glue) or the path of a local
  // catalog file written by `larkbase crawl`; empty = off
  // (LARKBASE_GLUE_CATALOG, --glue-catalog).
  std::string glue_catalog;
  // The Glue CatalogId (account id) of that catalog; empty = the caller's
  // account (LARKBASE_GLUE_CATALOG_ID, --glue-catalog-id).
  std::string glue_catalog_id;

  // How long schema lists and table schemas are kept before they are re-read.
  std::chrono::seconds ttl = kDefaultCatalogTtl;

  // Reads LARK_BASES (comma-separated APP_TOKEN[=SCHEMA]), ACTIVATE_LARK_BASE_SOURCE,
  // LARK_BASE_DATA_SOURCE_ID and LARK_TABLE_DATA_SOURCE_ID (comma-separated,
  // paired by position), ACTIVATE_LARK_DRIVE_SOURCE, LARK_FOLDER_TOKEN_DATA_SOURCE
  // (comma-separated), LARKBASE_GLUE_CATALOG, LARKBASE_GLUE_CATALOG_ID and LARKBASE_CATALOG_TTL
  // (seconds). Entries are trimmed.
  static SourceConfig from_env();

  // Throws UserError naming the variable/flag when a source is enabled without
  // its ids, or when the control-table lists have different lengths.
  void validate() const;

  bool empty() const {
    return bases.empty() && glue_catalog.empty() &&
           !(control_table_enabled && !control_tables.empty()) &&
           !(drive_enabled && !drive_folders.empty());
  }
};

// "APP_TOKEN" or "APP_TOKEN=SCHEMA" (trimmed). Throws UserError for an empty token.
BaseSource parse_base_spec(std::string_view spec);
// Pairs comma-separated base tokens with comma-separated table ids.
std::vector<ControlTableSource> parse_control_tables(std::string_view base_ids,
                                                     std::string_view table_ids);
// Splits on commas, trims each entry and drops empty ones.
std::vector<std::string> split_list(std::string_view text);

}  // namespace larkbase::catalog
