#pragma once
// The Lark and source flags shared by the subcommands that use the connector
// (sql, tables, describe). The environment gives the defaults
// (ConnectorConfig::from_env: LARK_API_URL, LARK_APP_ID, LARK_APP_SECRET,
// LARK_BASES, the control-table and Drive variables); flags override them.
#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "catalog/source_config.hpp"
#include "common/error.hpp"
#include "connector/connector.hpp"
#include "lark/lark_config.hpp"

namespace larkbase::cli {

struct ConnectorFlags {
  std::string api_url, app_id, app_secret;
  std::vector<std::string> bases;           // APP_TOKEN[=SCHEMA], replaces LARK_BASES when given
  std::vector<std::string> control_tables;  // APP_TOKEN:TABLE_ID, enables that source
  std::vector<std::string> drive_folders;   // folder tokens, enables the Drive source
  std::string glue_catalog;                 // "glue" or a local catalog file (the Glue flow)
  std::string glue_catalog_id;              // its Glue CatalogId; empty = the caller's account
  bool no_pushdown = false;
  std::string split_column;    // "" picks one per table, "none" cuts no scan
  bool lenient_cells = false;  // a wrong-typed cell reads as NULL with a warning
};

inline void add_connector_flags(CLI::App* command, ConnectorFlags& flags) {
  command->add_option("--api-url", flags.api_url,
                      "Lark Open API base URL, 'lark' or 'feishu' (env LARK_API_URL)");
  command->add_option("--app-id", flags.app_id, "app id (env LARK_APP_ID)");
  command->add_option("--app-secret", flags.app_secret,
                      "app secret (env LARK_APP_SECRET; prefer the environment)");
  command
      ->add_option("--base", flags.bases,
                   "a base to query, APP_TOKEN[=SCHEMA] (repeatable; env LARK_BASES)")
      ->allow_extra_args(false);  // one value per flag, so a query after it stays the query
  command
      ->add_option("--control-table", flags.control_tables,
                   "a Lark control table naming schema -> base, APP_TOKEN:TABLE_ID "
                   "(repeatable; env ACTIVATE_LARK_BASE_SOURCE, LARK_BASE_DATA_SOURCE_ID, "
                   "LARK_TABLE_DATA_SOURCE_ID)")
      ->allow_extra_args(false);
  command
      ->add_option("--drive-folder", flags.drive_folders,
                   "a Drive folder whose bases are schemas (repeatable; env "
                   "ACTIVATE_LARK_DRIVE_SOURCE, LARK_FOLDER_TOKEN_DATA_SOURCE)")
      ->allow_extra_args(false);
  command->add_option("--glue-catalog", flags.glue_catalog,
                      "serve the tables a crawl registered: 'glue' (AWS Glue) or a local "
                      "catalog file written by `larkbase crawl --catalog FILE` "
                      "(env LARKBASE_GLUE_CATALOG)");
  command->add_option("--glue-catalog-id", flags.glue_catalog_id,
                      "the Glue catalog (account id) that --glue-catalog glue reads; default: "
                      "the caller's account (env LARKBASE_GLUE_CATALOG_ID)");
  command->add_flag("--lenient-cells", flags.lenient_cells,
                    "read a cell whose value does not fit its field's type as NULL and warn, "
                    "instead of stopping the query");
}

// "APP_TOKEN:TABLE_ID" → the control table's ids; UserError naming the flag otherwise.
inline catalog::ControlTableSource parse_control_table_flag(const std::string& spec) {
  auto colon = spec.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size()) {
    throw common::UserError("--control-table '" + spec +
                            "' is not APP_TOKEN:TABLE_ID; give the base token and the table id "
                            "of the control table, e.g. --control-table bascnXXXX:tblYYYY");
  }
  return {spec.substr(0, colon), spec.substr(colon + 1)};
}

inline connector::ConnectorConfig make_connector_config(const ConnectorFlags& flags) {
  connector::ConnectorConfig config = connector::ConnectorConfig::from_env();
  if (!flags.api_url.empty()) config.lark.api_url = lark::normalize_api_url(flags.api_url);
  if (!flags.app_id.empty()) config.lark.app_id = flags.app_id;
  if (!flags.app_secret.empty()) config.lark.app_secret = flags.app_secret;
  if (!flags.bases.empty()) {
    config.sources.bases.clear();
    for (const auto& spec : flags.bases) {
      config.sources.bases.push_back(catalog::parse_base_spec(spec));
    }
  }
  if (!flags.control_tables.empty()) {
    config.sources.control_table_enabled = true;
    config.sources.control_tables.clear();
    for (const auto& spec : flags.control_tables) {
      config.sources.control_tables.push_back(parse_control_table_flag(spec));
    }
  }
  if (!flags.drive_folders.empty()) {
    config.sources.drive_enabled = true;
    config.sources.drive_folders = flags.drive_folders;
  }
  if (!flags.glue_catalog.empty()) config.sources.glue_catalog = flags.glue_catalog;
  if (!flags.glue_catalog_id.empty()) config.sources.glue_catalog_id = flags.glue_catalog_id;
  config.options.pushdown = !flags.no_pushdown;
  config.options.split_column = flags.split_column;
  config.options.lenient_cells = flags.lenient_cells;
  return config;
}

inline std::unique_ptr<connector::Connector> make_connector(const ConnectorFlags& flags) {
  return connector::Connector::create(make_connector_config(flags));
}

}  // namespace larkbase::cli
