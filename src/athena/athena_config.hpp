#pragma once
// The connector's configuration on Lambda: the seed's environment names
// (ACTIVATE_LARK_BASE_SOURCE, LARK_BASE_DATA_SOURCE_ID, …, read by
// catalog::SourceConfig) and, for deployments of the reference Java connector,
// its `default_*` names (reference-java-connector.md §1.1), plus the SDK's spill
// settings (spill_bucket, spill_prefix, disable_spill_encryption,
// MAX_BLOCK_SIZE_BYTES). A seed name wins over its default_* twin.
#include <map>
#include <optional>
#include <set>
#include <string>

#include "aws/aws_config.hpp"
#include "connector/connector.hpp"

namespace larkbase::athena {

// `schema:table` lists (lower case). A schema named in the whitelist exposes only
// its listed tables; the blacklist always wins.
struct TableAccess {
  std::map<std::string, std::set<std::string>> whitelist;
  std::map<std::string, std::set<std::string>> blacklist;

  // Names compare in lower case.
  bool allows(const std::string& schema, const std::string& table) const;
  // "a:b, c:d" → {a: {b}, c: {d}}; entries without ':' are a UserError naming `what`.
  static std::map<std::string, std::set<std::string>> parse(const std::string& text,
                                                            const std::string& what);
};

struct SpillConfig {
  std::string bucket;  // "" = no spill bucket configured
  std::string prefix = "athena-federation-spill";
  bool encrypt = true;
  // MAX_BLOCK_SIZE_BYTES: overrides the request's maxBlockSize.
  std::optional<int64_t> max_block_size;
};

struct AthenaConfig {
  connector::ConnectorConfig connector;
  TableAccess access;
  SpillConfig spill;
  std::string source_type = "larkbase";
  // Secrets Manager secret holding {"lark_app_id","lark_app_secret"}
  // (LARK_APP_ID_SECRET_NAME or default_secret_manager_lark_app_key).
  std::string lark_secret_name;
  // AWS settings for Secrets Manager (and the spill store, see S3SpillStore);
  // resolved from the environment on first need when absent (tests set them).
  std::optional<aws::AwsConfig> aws;
  bool parallel_split = false;  // ACTIVATE_PARALLEL_SPLIT / default_does_activate_parallel_split
  // Parallel splits (on connector.options.split_column, PARALLEL_SPLIT_COLUMN):
  // key values per split (PARALLEL_SPLIT_SIZE), the most
  // splits per table, and splits per GetSplits answer (then a continuation token).
  int64_t parallel_split_size = 10000;
  int max_parallel_splits = 1000;
  int splits_per_response = 100;
  // ACTIVATE_EXPERIMENTAL_FEATURES / default_does_activate_experimental_feature:
  // a table no source lists is looked up by the ids the query's SQL text names
  // it with (FederationHandler::experimental_ids, query_text_ids.hpp). The Glue
  // flow is a source of the connector's provider chain (LARKBASE_GLUE_CATALOG).
  bool experimental = false;

  // Throws UserError naming the variable for malformed values.
  static AthenaConfig from_env();
};

}  // namespace larkbase::athena
