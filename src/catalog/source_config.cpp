#include "catalog/source_config.hpp"

#include <fmt/format.h>

#include "common/env.hpp"
#include "common/error.hpp"

namespace larkbase::catalog {
namespace {

std::string_view trim(std::string_view text) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  while (true) {
    size_t comma = text.find(',');
    std::string_view item = trim(text.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

BaseSource parse_base_spec(std::string_view spec) {
  spec = trim(spec);
  size_t eq = spec.find('=');
  BaseSource source;
  source.app_token = std::string(trim(spec.substr(0, eq)));
  if (eq != std::string_view::npos) source.schema = std::string(trim(spec.substr(eq + 1)));
  if (source.app_token.empty()) {
    throw common::UserError(
        fmt::format("base '{}' has no app token: write APP_TOKEN or APP_TOKEN=SCHEMA", spec));
  }
  return source;
}

std::vector<ControlTableSource> parse_control_tables(std::string_view base_ids,
                                                     std::string_view table_ids) {
  auto bases = split_list(base_ids);
  auto tables = split_list(table_ids);
  if (bases.size() != tables.size()) {
    throw common::UserError(fmt::format(
        "LARK_BASE_DATA_SOURCE_ID lists {} base(s) but LARK_TABLE_DATA_SOURCE_ID lists {} "
        "table(s): give one control table id per base, in the same order",
        bases.size(), tables.size()));
  }
  std::vector<ControlTableSource> sources;
  for (size_t i = 0; i < bases.size(); ++i) sources.push_back({bases[i], tables[i]});
  return sources;
}

SourceConfig SourceConfig::from_env() {
  SourceConfig config;
  for (const auto& spec : split_list(common::env_or("LARK_BASES", ""))) {
    config.bases.push_back(parse_base_spec(spec));
  }
  config.control_table_enabled = common::env_bool("ACTIVATE_LARK_BASE_SOURCE", false);
  config.control_tables = parse_control_tables(common::env_or("LARK_BASE_DATA_SOURCE_ID", ""),
                                               common::env_or("LARK_TABLE_DATA_SOURCE_ID", ""));
  config.drive_enabled = common::env_bool("ACTIVATE_LARK_DRIVE_SOURCE", false);
  config.drive_folders = split_list(common::env_or("LARK_FOLDER_TOKEN_DATA_SOURCE", ""));
  config.glue_catalog = common::env_or("LARKBASE_GLUE_CATALOG", "");
  config.glue_catalog_id = common::env_or("LARKBASE_GLUE_CATALOG_ID", "");
  long long ttl = common::env_int("LARKBASE_CATALOG_TTL", kDefaultCatalogTtl.count());
  if (ttl < 0) {
    throw common::UserError("LARKBASE_CATALOG_TTL must be a number of seconds >= 0");
  }
  config.ttl = std::chrono::seconds(ttl);
  return config;
}

void SourceConfig::validate() const {
  if (control_table_enabled && control_tables.empty()) {
    throw common::UserError(
        "the Lark Base control-table source is enabled (ACTIVATE_LARK_BASE_SOURCE) but no "
        "control table is given: set LARK_BASE_DATA_SOURCE_ID and LARK_TABLE_DATA_SOURCE_ID");
  }
  for (const auto& table : control_tables) {
    if (table.app_token.empty() || table.table_id.empty()) {
      throw common::UserError(
          "a control table needs both a base token (LARK_BASE_DATA_SOURCE_ID) and a table id "
          "(LARK_TABLE_DATA_SOURCE_ID)");
    }
  }
  if (drive_enabled && drive_folders.empty()) {
    throw common::UserError(
        "the Lark Drive source is enabled (ACTIVATE_LARK_DRIVE_SOURCE) but no folder is given: "
        "set LARK_FOLDER_TOKEN_DATA_SOURCE");
  }
  for (const auto& base : bases) {
    if (base.app_token.empty()) throw common::UserError("a base source has an empty app token");
  }
}

}  // namespace larkbase::catalog
