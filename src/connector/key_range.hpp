#pragma once
// Range splits: one scan cut into several splits on a sortable column (the
// table's `$reserved_split_key`, else an integer-format AutoNumber, CreatedTime
// or Number field), so that they can be read concurrently (local SQL) or by
// separate workers (Athena: one Lambda call per split).
//
// Exactness does not depend on the data: the ranges of one cut are
// [-inf, b1) + NULL, [b1, b2), ..., [b(n-1), +inf) with integer bounds, a
// partition of every value and NULL in the evaluator's order (an AutoNumber's
// text compares as its integer), so each row falls into exactly one split whatever its key is, even
// when the keys changed since the bounds were chosen. The range is ANDed into
// the split's constraints: the Lark filter (re-translated, a superset) only
// narrows what is fetched, and the reader's exact evaluator decides membership,
// so a row on a boundary is emitted by exactly one split. The bounds (from the
// key's minimum, maximum and the row count) only balance the splits.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "pushdown/translate_options.hpp"
#include "pushdown/value_set.hpp"
#include "types/table_schema.hpp"

namespace larkbase::connector {

struct Split;

// The rows of a split whose `column` value v has low <= v < high (an absent bound
// is unbounded), plus the rows where it is NULL when `nulls` is set.
struct KeyRange {
  std::string column;
  std::optional<int64_t> low;
  std::optional<int64_t> high;
  bool nulls = false;

  bool contains(std::optional<int64_t> value) const;
  // The range as a constraint on `column` (what restrict_split ANDs in).
  pushdown::ValueSet value_set() const;
  common::Json to_json() const;
  static KeyRange from_json(const common::Json& json);  // UserError when malformed
  bool operator==(const KeyRange&) const = default;
};

// The kinds of column a scan can be cut on. The kind decides how a probed cell is
// read as an integer and whether the keys are dense (an auto number: the largest
// is estimated as min + rows - 1; otherwise it is probed too). Bounds are int64
// values of the column's own type, which Lark's filter compares exactly (numbers),
// by day widened outward (times), or as numbers (an integer-format AutoNumber).
enum class KeyKind { kSplitKey, kAutoNumber, kTime, kNumber };
const char* to_string(KeyKind kind);

struct SplitColumn {
  std::string name;  // the column (the constraint's key)
  KeyKind kind = KeyKind::kSplitKey;
  // Whether a record's key stays put during a scan: an AutoNumber or CreatedTime
  // field cannot be edited, and `$reserved_split_key` is the table's designated
  // partition key, whose values the user keeps fixed (docs/connector.md; Athena's
  // splits have always relied on it). Then the ranges' exact constraints keep
  // every record in one range; another key (a Number, a date) can be edited into
  // a range not read yet, so a record could arrive twice.
  bool keys_fixed = false;
  bool dense() const { return kind == KeyKind::kSplitKey || kind == KeyKind::kAutoNumber; }
};

// What a probe of the table found out about the key (only used for balance).
struct KeyProfile {
  int64_t rows = 0;  // rows matching the split's filter (Lark's total)
  int64_t min = 0;   // smallest and largest key seen (estimates are fine)
  int64_t max = 0;
  SplitColumn column;  // the column probed (and to cut on)
};

// `choice` of the split column (ConnectorOptions::split_column): "" picks one,
// kNoSplitColumn cuts nothing, any other name that column when the table has it
// and it can be cut on (other tables: as "").
inline constexpr const char* kNoSplitColumn = "none";

// The column `split` can be cut on, or nullopt. Picked in this order: the split
// key; an integer-format AutoNumber; a CreatedTime; a Number (a named column may
// also be any date or number family). An AutoNumber the query itself constrains
// is passed over: its text operands and a cut's integer bounds do not share one order.
std::optional<SplitColumn> range_split_column(const Split& split, const std::string& choice);

// Whether `split` may be cut: a search (not record ids) with no sort, no limit
// and no range yet, on a table with a split column.
bool can_cut(const Split& split, const std::string& choice);

// `count` (>= 1) ranges partitioning every int64 and NULL; the interior bounds
// divide [min, max] evenly. One range (everything) when count <= 1 or min >= max.
std::vector<KeyRange> cut_key_range(const std::string& column, int64_t min, int64_t max, int count);

// How many ranges a profile calls for: about `rows_per_split` rows each, at
// least 1, at most `max_splits`.
int range_count(const KeyProfile& profile, int64_t rows_per_split, int max_splits);

// `split` restricted to `range`: the range is ANDed into its constraints and the
// Lark filter re-translated from them. nullopt when the range cannot match
// anything the split matches (no call is needed for it).
std::optional<Split> restrict_split(const Split& split, const KeyRange& range,
                                    const pushdown::TranslateOptions& options);

// The ranges `split` is cut into for `profile` (cut_key_range over range_count on
// profile.column). Small: a reader of many ranges keeps
// these and makes each Split (which carries the table's schema and filter) only
// when a stream takes it, so that what it holds does not grow with the table.
std::vector<KeyRange> split_ranges(const Split& split, const KeyProfile& profile,
                                   int64_t rows_per_split, int max_splits);

// The splits for `profile`: restrict_split over split_ranges (empty ones dropped).
std::vector<Split> range_splits(const Split& split, const KeyProfile& profile,
                                int64_t rows_per_split, int max_splits,
                                const pushdown::TranslateOptions& options);

}  // namespace larkbase::connector
