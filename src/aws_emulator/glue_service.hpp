#pragma once
// The emulator's Glue Data Catalog: databases and tables kept in the wire
// shapes of aws/glue_model.hpp, names lower-cased as Glue does, paging by
// NextToken, and Glue's documented errors (AlreadyExistsException,
// EntityNotFoundException, InvalidInputException). It holds one catalog, the
// emulated account's: a call naming another CatalogId is refused as Glue
// refuses a caller without a grant on that catalog (AccessDeniedException).
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "aws/glue_model.hpp"
#include "aws_emulator/wire.hpp"
#include "common/json.hpp"

namespace larkbase::aws_emulator {

class GlueService {
 public:
  GlueService(std::string account_id, std::string region)
      : account_id_(std::move(account_id)), region_(std::move(region)) {}

  // Answers one JSON 1.1 operation; throws ServiceError for Glue's errors.
  common::Json call(const std::string& operation, const common::Json& input);

  // Seeding: {"databases":[{DatabaseInput fields..., "Tables":[TableInput, ...]}]}.
  void load(const common::Json& seed);
  std::vector<std::string> database_names() const;

 private:
  struct Database {
    aws::GlueDatabase database;
    double create_time = 0;
    std::map<std::string, common::Json> tables;  // lower-case name -> Table wire JSON
  };

  Database& database(const std::string& name);
  common::Json database_json(const Database& database) const;
  common::Json create_database(const common::Json& input);
  common::Json create_table(const common::Json& input);
  common::Json update_table(const common::Json& input);
  common::Json get_tables(const common::Json& input);
  common::Json get_databases(const common::Json& input);
  common::Json batch_delete_table(const common::Json& input);

  void check_catalog(const std::string& operation, const common::Json& input) const;

  std::string account_id_;
  std::string region_;
  mutable std::mutex mutex_;
  std::map<std::string, Database> databases_;
};

}  // namespace larkbase::aws_emulator
