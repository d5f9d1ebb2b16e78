#pragma once
// What a crawl did (or, in a dry run, would do), per database and table, with
// totals: readable by a person (to_text) and by a script (to_json).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"

namespace larkbase::crawler {

enum class Status {
  kCreated,
  kUpdated,
  kSkipped,    // unchanged
  kDeleted,    // our stale object, removed (--prune)
  kFailed,     // reported and skipped; the crawl went on
  kStale,      // our object that Lark no longer has; kept (no --prune)
  kLeftAlone,  // not created by this crawl source; never touched
};

std::string_view to_string(Status status);

struct ItemReport {
  std::string name;
  std::string id;  // table id / base token
  Status status = Status::kSkipped;
  std::vector<std::string> changes;  // kUpdated: what changed
  std::string reason;                // kFailed, kStale, kLeftAlone: why
};

struct DatabaseReport {
  ItemReport database;
  std::vector<ItemReport> tables;
};

struct CrawlSummary {
  std::string source;   // "control table tblX of base appY"
  std::string catalog;  // the store's description
  bool dry_run = false;
  bool prune = false;
  std::vector<DatabaseReport> databases;
  std::vector<std::string> warnings;

  // Totals by status, for databases and for tables.
  std::map<Status, int> database_totals() const;
  std::map<Status, int> table_totals() const;
  int failures() const;
  bool ok() const { return failures() == 0; }

  common::Json to_json() const;
  std::string to_text() const;
};

}  // namespace larkbase::crawler
