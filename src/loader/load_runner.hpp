#pragma once
// Runs one load of one table config with its strategy (spec §2). Every
// strategy commits its data and its cursor in one target transaction; a
// failure rolls back and leaves the target and cursor as they were.
#include <functional>
#include <string>

#include "loader/control_types.hpp"
#include "loader/source.hpp"
#include "loader/target.hpp"

namespace larkbase::loader {

struct LoadHooks {
  // Called after each backfill chunk committed, with the new mark.
  std::function<void(long long mark)> on_chunk;
  // Asked before each commit; false aborts the load (cancelled or taken away).
  std::function<bool()> still_ours;
};

class LoadRunner {
 public:
  LoadRunner(const TableConfig& table, Source& source, Target& target, Seconds now,
             LoadHooks hooks = {});
  LoadOutcome run();

 private:
  struct Prepared;
  LoadOutcome full(const Prepared& p, bool keep_cursor_from_rows);
  LoadOutcome incremental(const Prepared& p);
  LoadOutcome append_only(const Prepared& p);
  LoadOutcome rolling(const Prepared& p);
  LoadOutcome check_and_load(const Prepared& p);
  LoadOutcome chunked_backfill(const Prepared& p);
  void merge(const Prepared& p, const std::string& stage, const std::string* rolling_cutoff);
  void add_new_columns(const Prepared& p);
  std::string reconcile_deletes(const Prepared& p);
  void ensure_ours();
  LoadOutcome outcome(long long read, long long written, const std::string& message);

  const TableConfig& table_;
  Source& source_;
  Target& target_;
  Seconds now_;
  LoadHooks hooks_;
  LoadState state_;
};

}  // namespace larkbase::loader
