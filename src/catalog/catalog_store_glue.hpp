#pragma once
// The AWS Glue backend of CatalogStore: the same Glue-shaped objects as the
// local catalog file, read and written through aws::GlueClient (SigV4 on
// libcurl; throttling and 5xx are retried by the client's transport).
//
// Glue's own semantics are kept behind the interface's contract:
// - listing the tables of a missing database answers no tables;
// - delete_database refuses a database that still holds tables (Glue's
//   DeleteDatabase would delete them with it);
// - delete_tables uses BatchDeleteTable in chunks of 100 and returns Glue's
//   per-table errors.
// Every error names the Glue object it concerns.
#include <map>
#include <string>

#include "aws/aws_config.hpp"
#include "aws/glue_client.hpp"
#include "catalog/catalog_store.hpp"

namespace larkbase::catalog {

class GlueCatalogStore final : public CatalogStore {
 public:
  // `catalog_id` empty: the caller's account (Glue's default catalog).
  // `deadline` (may be null): what every Glue call fits before (CatalogStoreOptions).
  explicit GlueCatalogStore(aws::AwsConfig config, std::string catalog_id = "",
                            std::shared_ptr<common::SharedDeadline> deadline = nullptr);

  std::string describe() const override { return description_; }

  std::vector<StoredDatabase> list_databases() override;
  std::vector<StoredTable> list_tables(const std::string& database) override;
  std::optional<StoredTable> get_table(const std::string& database,
                                       const std::string& name) override;

  void create_database(const StoredDatabase& database) override;
  void update_database(const StoredDatabase& database) override;
  void delete_database(const std::string& name) override;
  void create_table(const StoredTable& table) override;
  void update_table(const StoredTable& table) override;
  std::map<std::string, std::string> delete_tables(const std::string& database,
                                                   const std::vector<std::string>& names) override;

  StoreCallCounts call_counts() const override { return counts_; }
  // The client (its transport's call statistics count retries).
  aws::GlueClient& client() { return glue_; }

 private:
  std::string description_;
  aws::GlueClient glue_;
  StoreCallCounts counts_;
};

// Glue objects <-> the store's values (Glue's wire shape on both sides).
StoredDatabase to_stored(const aws::GlueDatabase& database);
StoredTable to_stored(const aws::GlueTable& table, const std::string& database);
aws::GlueDatabase to_glue(const StoredDatabase& database);
aws::GlueTable to_glue(const StoredTable& table);

}  // namespace larkbase::catalog
