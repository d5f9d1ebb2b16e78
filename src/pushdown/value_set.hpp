#pragma once
// Per-column value sets, shaped like Athena's (athena-protocol.md): AllOrNone,
// Equatable (allow or deny list) and SortedRangeSet (ranges with inclusive or
// exclusive bounds), each with null_allowed. Every set converts to one canonical
// form, RangeSet (sorted, disjoint, merged ranges + null_allowed), on which
// intersection, union, membership and translation work.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/json.hpp"
#include "pushdown/value.hpp"

namespace larkbase::pushdown {

// One end of a range. No value = unbounded on that side. Athena's Marker maps as:
// low ABOVE v = {v, exclusive}, low EXACTLY v = {v, inclusive}, high BELOW v =
// {v, exclusive}, high EXACTLY v = {v, inclusive}; a null-valued marker = unbounded.
struct Bound {
  std::optional<Value> value;
  bool inclusive = false;

  static Bound unbounded() { return {}; }
  static Bound at(Value v, bool inclusive) { return {std::move(v), inclusive}; }
  bool bounded() const { return value.has_value(); }
};

struct Range {
  Bound low;
  Bound high;

  static Range all() { return {}; }
  static Range point(const Value& v) { return {Bound::at(v, true), Bound::at(v, true)}; }
  bool is_point() const;
  bool is_all() const { return !low.bounded() && !high.bounded(); }
  bool is_empty() const;
  bool contains(const Value& v) const;
};

// Canonical form: ranges sorted by low bound, pairwise disjoint and not adjacent,
// none empty, none holding NULL.
struct RangeSet {
  std::vector<Range> ranges;
  bool null_allowed = false;

  bool contains(const Value& v) const;  // NULL → null_allowed
  bool is_none() const { return ranges.empty() && !null_allowed; }
  bool is_only_null() const { return ranges.empty() && null_allowed; }
  // Every non-NULL value is in the set.
  bool all_values() const { return ranges.size() == 1 && ranges[0].is_all(); }
  bool is_all() const { return all_values() && null_allowed; }
  // Every range is a single value.
  bool all_points() const;
  // The set's non-NULL part is everything except these values (exclusive bounds
  // meeting at each). Empty when the set is not of that shape.
  std::optional<std::vector<Value>> excluded_points() const;
};

struct AllOrNone {
  bool all = true;
};
struct Equatable {
  bool white_list = true;
  std::vector<Value> values;
};
struct SortedRanges {
  std::vector<Range> ranges;
};

struct ValueSet {
  std::variant<AllOrNone, Equatable, SortedRanges> set = AllOrNone{};
  bool null_allowed = true;

  // The single-predicate builders. SQL semantics: a comparison with a NULL operand
  // is never true (none()); `x IN (1, NULL)` is `x IN (1)`; `x NOT IN (1, NULL)` is
  // never true.
  static ValueSet all() { return {AllOrNone{true}, true}; }
  static ValueSet none() { return {AllOrNone{false}, false}; }
  static ValueSet is_null() { return {AllOrNone{false}, true}; }
  static ValueSet is_not_null() { return {AllOrNone{true}, false}; }
  static ValueSet eq(const Value& v);
  static ValueSet ne(const Value& v);
  static ValueSet lt(const Value& v);
  static ValueSet le(const Value& v);
  static ValueSet gt(const Value& v);
  static ValueSet ge(const Value& v);
  static ValueSet between(const Value& low, const Value& high);  // inclusive
  static ValueSet in(const std::vector<Value>& values);
  static ValueSet not_in(const std::vector<Value>& values);
  static ValueSet ranges(std::vector<Range> ranges, bool null_allowed);

  RangeSet canonical() const;
};

// Merges, sorts and drops empty ranges.
RangeSet normalize(std::vector<Range> ranges, bool null_allowed);
RangeSet intersect(const RangeSet& a, const RangeSet& b);
RangeSet unite(const RangeSet& a, const RangeSet& b);
// Several predicates on one column from one WHERE are ANDed.
ValueSet intersect(const ValueSet& a, const ValueSet& b);
ValueSet unite(const ValueSet& a, const ValueSet& b);
ValueSet from_canonical(const RangeSet& set);

// "x > 5 OR x IS NULL"-style text for explain output, `column` naming the operand.
std::string describe(const RangeSet& set, const std::string& column);

// JSON: {"type":"all_or_none","all":b,...} / {"type":"equatable","white_list":b,
// "values":[...]} / {"type":"sorted_ranges","ranges":[{"low":{"value":v,
// "inclusive":b}|null,"high":...}]}, each with "null_allowed".
common::Json to_json(const ValueSet& set);
ValueSet value_set_from_json(const common::Json& json, std::string_view what);

}  // namespace larkbase::pushdown
