#pragma once
// Versioned migrations of the control database, applied by the loader itself
// (`larkbase loader init`, and before every run). Each version is applied once,
// in order, inside one transaction with its bookkeeping row.
#include <string>
#include <vector>

#include "loader/db.hpp"

namespace larkbase::loader {

struct Migration {
  std::string version;  // sortable, e.g. "0001"
  std::string name;
  std::string sql;  // with {ID} {TS} {BOOL} placeholders filled per dialect
};

const std::vector<Migration>& control_migrations();

// Applies the missing migrations; returns the versions applied now. Refuses a
// database that knows a version this program does not (a newer loader ran).
std::vector<std::string> migrate(Db& db);

}  // namespace larkbase::loader
