#pragma once
// Runs one load of one table config with its strategy (spec §2). Every
// strategy commits its data and its cursor in one target transaction; a
// failure rolls back and leaves the target and cursor as they were.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "loader/control_types.hpp"
#include "loader/key_check.hpp"
#include "loader/source.hpp"
#include "loader/target.hpp"

namespace larkbase::loader {

struct LoadHooks {
  // Called after each backfill chunk committed, with the new mark.
  std::function<void(long long mark)> on_chunk;
  // Asked before each commit; false aborts the load (cancelled or taken away).
  std::function<bool()> still_ours;
  // Source rows per fetch (0 = the default, 100,000): the most rows of a
  // load held in memory at once.
  std::size_t fetch_rows = 0;
  // Spec §2.6 throttles: a delete pass (drift check without deletes) runs
  // only when its last completed pass is this many hours old; 0 = every run.
  int delete_check_hours = 24;
  int drift_check_hours = 24;
};

class LoadRunner {
 public:
  LoadRunner(const TableConfig& table, Source& source, Target& target, Seconds now,
             LoadHooks hooks = {});
  LoadOutcome run();

 private:
  struct Prepared;
  struct Copied {
    long long rows = 0;
    std::optional<std::string> max;  // of the cursor column, when asked
  };
  // Streams the rows of `spec` into target table `into`, batch by batch.
  Copied copy(const ReadSpec& spec, const std::string& into,
              const std::vector<TargetColumn>& columns, int cursor_index);
  LoadOutcome dispatch(const Prepared& p);
  LoadOutcome full(const Prepared& p, bool keep_cursor_from_rows);
  LoadOutcome incremental(const Prepared& p);
  LoadOutcome append_only(const Prepared& p);
  LoadOutcome rolling(const Prepared& p);
  LoadOutcome check_and_load(const Prepared& p);
  LoadOutcome chunked_backfill(const Prepared& p);
  void merge(const Prepared& p, const std::string& stage, const std::string* rolling_cutoff);
  void add_new_columns(const Prepared& p);
  // The key pass (spec §2.6): delete reconciliation and the drift check,
  // each when due, inside the caller's transaction.
  KeyCheckResult check_keys(const Prepared& p);
  // A load that wrote nothing still runs the key checks that are due, and
  // commits `tx` only when one of them completed.
  void check_keys_without_load(Transaction& tx, const Prepared& p, LoadOutcome& o);
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
