#pragma once
// A catalog store holds databases and tables shaped like AWS Glue's
// DatabaseInput / TableInput, reduced to what the Lark crawler writes and the
// connector's Glue flow reads (reference-java-connector.md §6.2, §7.2). Two
// backends: a local JSON catalog file (catalog_store_file.hpp) and AWS Glue.
// Every write is one whole object (a table is never half-written).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/deadline.hpp"
#include "common/json.hpp"

namespace larkbase::catalog {

struct StoredColumn {
  std::string name;
  std::string type;  // Glue/Hive type string
  std::string comment;

  bool operator==(const StoredColumn&) const = default;
};

struct StoredDatabase {
  std::string name;
  std::string location_uri;
  std::string description;
  std::map<std::string, std::string> parameters;

  bool operator==(const StoredDatabase&) const = default;
};

struct StoredTable {
  std::string database;
  std::string name;
  std::string description;
  std::string table_type;
  std::map<std::string, std::string> parameters;
  // StorageDescriptor
  std::string location;
  std::string input_format;
  std::string output_format;
  std::vector<StoredColumn> columns;

  bool operator==(const StoredTable&) const = default;
};

// Glue's JSON shapes (PascalCase keys): DatabaseInput and TableInput, which
// are also what GetDatabase/GetTable return (extra keys are ignored on read).
common::Json to_glue_json(const StoredDatabase& database);
common::Json to_glue_json(const StoredTable& table);  // without DatabaseName
// Throws UserError naming `what` when a required key (Name) is missing.
StoredDatabase database_from_glue_json(const common::Json& json, std::string_view what);
StoredTable table_from_glue_json(const common::Json& json, const std::string& database,
                                 std::string_view what);

// Counts of the calls a store served (tests assert "no writes").
struct StoreCallCounts {
  int reads = 0;
  int writes = 0;
};

class CatalogStore {
 public:
  virtual ~CatalogStore() = default;

  // "local catalog file x.json", "AWS Glue catalog 123456789012".
  virtual std::string describe() const = 0;

  virtual std::vector<StoredDatabase> list_databases() = 0;
  virtual std::vector<StoredTable> list_tables(const std::string& database) = 0;
  virtual std::optional<StoredTable> get_table(const std::string& database,
                                               const std::string& name) = 0;

  // Writes. Each throws an ExternalError (or UserError) naming the object on failure;
  // creating an existing object or updating a missing one is an error.
  virtual void create_database(const StoredDatabase& database) = 0;
  virtual void update_database(const StoredDatabase& database) = 0;
  // Deletes an empty database; UserError when it still holds tables.
  virtual void delete_database(const std::string& name) = 0;
  virtual void create_table(const StoredTable& table) = 0;
  virtual void update_table(const StoredTable& table) = 0;
  // Deletes tables of one database (Glue: BatchDeleteTable in chunks of 100).
  // Returns the names that could not be deleted, with the reason.
  virtual std::map<std::string, std::string> delete_tables(
      const std::string& database, const std::vector<std::string>& names) = 0;

  virtual StoreCallCounts call_counts() const = 0;
};

struct CatalogStoreOptions {
  // The file may be created and is locked for this process.
  bool for_writing = false;
  // The Glue CatalogId sent on every call (an account id); empty = the
  // caller's own account. Given with a file, it is a UserError.
  std::string glue_catalog_id;
  // The deadline every Glue call fits its attempts and retries before (a
  // Lambda invocation's), read at each call so its owner may move it per
  // invocation; a call it cuts short fails as common::DeadlineError. Null: none.
  std::shared_ptr<common::SharedDeadline> deadline;
};

// Opens a store from a `--catalog`/`--glue-catalog` value: "glue" (AWS Glue,
// credentials and region from the environment) or a path to a local catalog file.
std::unique_ptr<CatalogStore> open_catalog_store(const std::string& spec,
                                                 const CatalogStoreOptions& options = {});

}  // namespace larkbase::catalog
