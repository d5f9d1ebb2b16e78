#pragma once
// Parallel splits (the seed's ACTIVATE_PARALLEL_SPLIT): a table with the
// `$reserved_split_key` column is read as several splits, each a range of split
// key values, so Athena can read them in parallel Lambda invocations. The ranges
// cover the key space exactly once: the first has no lower end, the last no upper
// end (rows added meanwhile are not lost), neighbours meet at one half-open
// bound, and one more split holds the rows whose key is NULL. A split's range
// travels in its properties and is ANDed into the read's constraints, so the
// reader pushes it to Lark and evaluates it exactly like any other constraint.
#include <cstdint>
#include <optional>
#include <string>

#include "connector/connector.hpp"
#include "pushdown/constraints.hpp"

namespace larkbase::athena {

// The key space [min, min + width * count) cut into `count` ranges (+ the NULL split).
struct SplitKeyRanges {
  int64_t min = 0;
  int64_t width = 1;
  int count = 1;

  // Splits in total: the ranges plus the NULL split.
  int total() const { return count + 1; }
  // Split i (0 ≤ i < total()): a range, or for i == count the NULL-only set.
  pushdown::ValueSet range(int i) const;

  // A continuation token resuming at split `next` with these very ranges, so that
  // data changing between GetSplits calls cannot open a gap or an overlap.
  std::string token(int next) const;
  // Throws UserError for a token this connector did not issue.
  static SplitKeyRanges from_token(const std::string& token, int& next);
};

// Probes the smallest and largest non-null split key among the rows matching
// `constraints` (two one-row sorted reads) and cuts [min, max] into ranges of
// about `keys_per_split` keys (at most `max_splits`). nullopt when no row has a
// key: the caller reads the table as one split.
std::optional<SplitKeyRanges> plan_split_key_ranges(connector::Connector& lark,
                                                    const std::string& schema,
                                                    const std::string& table,
                                                    const pushdown::Constraints& constraints,
                                                    int64_t keys_per_split, int max_splits);

// The property of an Athena split that carries its range (a constraints JSON).
inline constexpr const char* kSplitRangeProperty = "larkbase_split_range";

}  // namespace larkbase::athena
