#pragma once
// The key pass of spec §2.6: delete reconciliation and the drift check read
// the source table's keys once and compare them with the target. Each check
// is throttled by the time of its last completed pass; the drift check rides
// along for free when deletes are on.
#include <optional>
#include <string>
#include <vector>

#include "loader/control_types.hpp"
#include "loader/target.hpp"

namespace larkbase::loader {

// Which checks are due for one load, and why the others are not.
struct KeyCheckPlan {
  bool deletes = false;
  bool drift = false;
  std::string note;  // appended to the load's message
};

KeyCheckPlan plan_key_check(const TableConfig& table, bool has_primary_key, Seconds now,
                            int delete_check_hours, int drift_check_hours);

// What a key pass completed (written with the load's Succeeded status).
struct KeyCheckResult {
  bool deletes_checked = false;
  std::optional<long long> drift_missing;
  std::string message;
  void add_to(LoadOutcome& o) const;
};

// `left.k1 = right.k1 AND …` over the key columns.
std::string key_match(Target& target, const std::vector<std::string>& primary_key,
                      const std::string& left, const std::string& right);

// Flags (soft) or deletes (hard) the rows of `dest` whose key is not in
// `keys`; soft also restores flagged rows that came back. Rows affected.
long long apply_deletes(Target& target, const std::string& dest, const std::string& keys,
                        const std::vector<std::string>& primary_key, const std::string& mode,
                        Seconds now);

// Source keys (in `keys`) that `dest` does not hold: rows the loads missed.
long long count_missing(Target& target, const std::string& dest, const std::string& keys,
                        const std::vector<std::string>& primary_key);

}  // namespace larkbase::loader
