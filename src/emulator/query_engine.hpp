#pragma once
// Runs a search's filter and sort over a table and yields the ordered list of
// matching records, computed once per query (the page cache keeps it). The
// filter/sort semantics come from the emulator/query engine; this adapter only
// decides which cells to parse for it and walks the table.
#include <memory>
#include <string>

#include "common/json.hpp"
#include "emulator/options.hpp"
#include "emulator/query_cache.hpp"
#include "emulator/table.hpp"

namespace larkbase::emulator {

class QueryEngine {
 public:
  // Throws UserError for a semantics setting the engine does not accept.
  QueryEngine(const SemanticsOptions& semantics, ErrorStatusMode mode);
  ~QueryEngine();
  QueryEngine(const QueryEngine&) = delete;
  QueryEngine& operator=(const QueryEngine&) = delete;

  // The effective semantics (for the log), or null when no engine is built in.
  common::Json describe() const;

  // The ordered match list of `filter` and `sort` (request JSON; null = none) on
  // `table`, tagged with `fingerprint`. Throws ApiError 1254018 / 1254016 /
  // 1254045 for a filter or sort the table cannot run.
  std::shared_ptr<QueryResult> run(const Table& table, const common::Json& filter,
                                   const common::Json& sort, std::string fingerprint) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace larkbase::emulator
