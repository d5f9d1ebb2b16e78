#pragma once
// The tables of a schema when a catalog store (Glue, a local catalog file)
// holds them: their names, Lark ids and ready-made table schemas, instead of
// every table of the schema's base as Lark lists it.
#include <memory>
#include <string>
#include <vector>

#include "types/table_schema.hpp"

namespace larkbase::catalog {

struct DirectoryTable {
  std::string name;  // as the store names it
  std::string app_token;
  std::string table_id;
  std::string lark_name;
  std::shared_ptr<const types::TableSchema> schema;  // null when `error` is set
  std::string error;  // why the table cannot be served (a bad column comment, ...)
};

struct DirectoryListing {
  std::vector<DirectoryTable> tables;
  std::vector<std::string> warnings;
};

class TableDirectory {
 public:
  virtual ~TableDirectory() = default;
  // Reads the store (errors propagate, naming the store and the database).
  virtual DirectoryListing list() = 0;
};

}  // namespace larkbase::catalog
