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
#include "connector/connector.hpp"
#include "lark/lark_config.hpp"

namespace larkbase::cli {

struct ConnectorFlags {
  std::string api_url, app_id, app_secret;
  std::vector<std::string> bases;  // APP_TOKEN[=SCHEMA], replaces LARK_BASES when given
  bool no_pushdown = false;
};

inline void add_connector_flags(CLI::App* command, ConnectorFlags& flags) {
  command->add_option("--api-url", flags.api_url,
                      "Lark Open API base URL, 'lark' or 'feishu' (env LARK_API_URL)");
  command->add_option("--app-id", flags.app_id, "app id (env LARK_APP_ID)");
  command->add_option("--app-secret", flags.app_secret,
                      "app secret (env LARK_APP_SECRET; prefer the environment)");
  command->add_option("--base", flags.bases,
                      "a base to query, APP_TOKEN[=SCHEMA] (repeatable; env LARK_BASES)");
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
  config.options.pushdown = !flags.no_pushdown;
  return config;
}

inline std::unique_ptr<connector::Connector> make_connector(const ConnectorFlags& flags) {
  return connector::Connector::create(make_connector_config(flags));
}

}  // namespace larkbase::cli
