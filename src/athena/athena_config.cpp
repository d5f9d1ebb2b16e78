#include "athena/athena_config.hpp"

#include <fmt/format.h>

#include "catalog/source_config.hpp"
#include "common/env.hpp"
#include "common/error.hpp"

namespace larkbase::athena {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = char(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The seed name when set, else the reference connector's default_* name.
std::optional<std::string> either(const char* seed_name, const char* reference_name) {
  if (auto value = common::env_string(seed_name); value && !value->empty()) return value;
  if (auto value = common::env_string(reference_name); value && !value->empty()) return value;
  return std::nullopt;
}

bool either_bool(const char* seed_name, const char* reference_name) {
  if (common::env_string(seed_name)) return common::env_bool(seed_name, false);
  return common::env_bool(reference_name, false);
}

// default_lark_base_sources: "baseToken:tableId[,baseToken:tableId…]".
void apply_reference_sources(catalog::SourceConfig& sources) {
  if (!common::env_string("ACTIVATE_LARK_BASE_SOURCE")) {
    sources.control_table_enabled =
        common::env_bool("default_does_activate_lark_base_source", false);
  }
  if (sources.control_tables.empty()) {
    for (const std::string& entry :
         catalog::split_list(common::env_or("default_lark_base_sources", ""))) {
      const size_t colon = entry.find(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == entry.size()) {
        throw common::UserError(
            fmt::format("default_lark_base_sources entry '{}' is not baseToken:tableId", entry));
      }
      sources.control_tables.push_back({entry.substr(0, colon), entry.substr(colon + 1)});
    }
  }
  if (!common::env_string("ACTIVATE_LARK_DRIVE_SOURCE")) {
    sources.drive_enabled = common::env_bool("default_does_activate_lark_drive_source", false);
  }
  if (sources.drive_folders.empty()) {
    // Trimmed (the reference connector did not trim these).
    sources.drive_folders = catalog::split_list(common::env_or("default_lark_drive_sources", ""));
  }
}

}  // namespace

bool TableAccess::allows(const std::string& schema_name, const std::string& table_name) const {
  // Lower case, as the lists are: an experimental split names its table by ids
  // in their own spelling.
  const std::string schema = lower(schema_name);
  const std::string table = lower(table_name);
  if (auto it = blacklist.find(schema); it != blacklist.end() && it->second.count(table)) {
    return false;
  }
  auto it = whitelist.find(schema);
  return it == whitelist.end() || it->second.count(table) > 0;
}

std::map<std::string, std::set<std::string>> TableAccess::parse(const std::string& text,
                                                                const std::string& what) {
  std::map<std::string, std::set<std::string>> out;
  for (const std::string& entry : catalog::split_list(text)) {
    const size_t colon = entry.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == entry.size()) {
      throw common::UserError(
          fmt::format("{} entry '{}' is not schema:table (comma-separated)", what, entry));
    }
    out[lower(entry.substr(0, colon))].insert(lower(entry.substr(colon + 1)));
  }
  return out;
}

AthenaConfig AthenaConfig::from_env() {
  AthenaConfig config;
  config.connector = connector::ConnectorConfig::from_env();
  apply_reference_sources(config.connector.sources);
  config.connector.sources.validate();
  config.access.whitelist = TableAccess::parse(
      either("WHITELIST_TABLES", "default_whitelist_tables").value_or(""), "whitelist_tables");
  config.access.blacklist = TableAccess::parse(
      either("BLACKLIST_TABLES", "default_blacklist_tables").value_or(""), "blacklist_tables");
  config.spill.bucket = common::env_or("spill_bucket", "");
  config.spill.prefix = common::env_or("spill_prefix", config.spill.prefix);
  config.spill.encrypt = !common::env_bool("disable_spill_encryption", false);
  if (auto size = common::env_string("MAX_BLOCK_SIZE_BYTES"); size && !size->empty()) {
    config.spill.max_block_size = common::env_int("MAX_BLOCK_SIZE_BYTES", 0);
    if (*config.spill.max_block_size <= 0) {
      throw common::UserError("MAX_BLOCK_SIZE_BYTES must be a positive byte count");
    }
  }
  config.lark_secret_name =
      either("LARK_APP_ID_SECRET_NAME", "default_secret_manager_lark_app_key").value_or("");
  config.parallel_split =
      either_bool("ACTIVATE_PARALLEL_SPLIT", "default_does_activate_parallel_split");
  config.parallel_split_size = common::env_int("PARALLEL_SPLIT_SIZE", config.parallel_split_size);
  if (config.parallel_split_size < 1) {
    throw common::UserError("PARALLEL_SPLIT_SIZE must be a positive number of split-key values");
  }
  // The column parallel splits cut on: unset picks one per table, "none" cuts none.
  config.connector.options.split_column = common::env_or("PARALLEL_SPLIT_COLUMN", "");
  config.experimental =
      either_bool("ACTIVATE_EXPERIMENTAL_FEATURES", "default_does_activate_experimental_feature");
  config.source_type = common::env_or("LARKBASE_SOURCE_TYPE", config.source_type);
  return config;
}

}  // namespace larkbase::athena
