#include "pushdown/value_set.hpp"

#include <algorithm>

#include "common/error.hpp"

namespace larkbase::pushdown {
namespace {

// Low bounds: unbounded first; at equal values an inclusive bound starts earlier.
int compare_low(const Bound& a, const Bound& b) {
  if (!a.bounded() || !b.bounded()) return int(a.bounded()) - int(b.bounded());
  auto c = compare(*a.value, *b.value);
  if (c != 0) return c < 0 ? -1 : 1;
  if (a.inclusive == b.inclusive) return 0;
  return a.inclusive ? -1 : 1;
}

// High bounds: unbounded last; at equal values an inclusive bound ends later.
int compare_high(const Bound& a, const Bound& b) {
  if (!a.bounded() || !b.bounded()) return int(b.bounded()) - int(a.bounded());
  auto c = compare(*a.value, *b.value);
  if (c != 0) return c < 0 ? -1 : 1;
  if (a.inclusive == b.inclusive) return 0;
  return a.inclusive ? 1 : -1;
}

// True when a range ending at `high` and one starting at `low` (sorted after it)
// overlap or touch, so that their union is one range.
bool touches(const Bound& high, const Bound& low) {
  if (!high.bounded() || !low.bounded()) return true;
  auto c = compare(*low.value, *high.value);
  if (c < 0) return true;
  return c == 0 && (low.inclusive || high.inclusive);
}

std::vector<Value> sorted_unique(const std::vector<Value>& values) {
  std::vector<Value> out;
  for (const auto& v : values) {
    if (!v.is_null()) out.push_back(v);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Range> complement_of_points(const std::vector<Value>& points) {
  std::vector<Range> out;
  Bound low = Bound::unbounded();
  for (const auto& v : points) {
    out.push_back({low, Bound::at(v, false)});
    low = Bound::at(v, false);
  }
  out.push_back({low, Bound::unbounded()});
  return out;
}

common::Json bound_to_json(const Bound& bound) {
  if (!bound.bounded()) return nullptr;
  return {{"value", to_json(*bound.value)}, {"inclusive", bound.inclusive}};
}

Bound bound_from_json(const common::Json& json, std::string_view what) {
  if (json.is_null()) return Bound::unbounded();
  if (!json.is_object() || !json.contains("value")) {
    throw common::UserError(std::string(what) + " must be null or {\"value\", \"inclusive\"}");
  }
  Value v = value_from_json(json.at("value"), what);
  if (v.is_null()) return Bound::unbounded();
  return Bound::at(std::move(v), json.value("inclusive", false));
}

std::string bound_text(const std::string& column, const Bound& bound, bool low) {
  std::string op = low ? (bound.inclusive ? " >= " : " > ") : (bound.inclusive ? " <= " : " < ");
  return column + op + bound.value->to_sql();
}

}  // namespace

bool Range::is_point() const {
  return low.bounded() && high.bounded() && low.inclusive && high.inclusive &&
         *low.value == *high.value;
}

bool Range::is_empty() const {
  if (!low.bounded() || !high.bounded()) return false;
  auto c = compare(*low.value, *high.value);
  if (c > 0) return true;
  return c == 0 && !(low.inclusive && high.inclusive);
}

bool Range::contains(const Value& v) const {
  if (v.is_null()) return false;
  if (low.bounded()) {
    auto c = compare(v, *low.value);
    if (c < 0 || (c == 0 && !low.inclusive)) return false;
  }
  if (high.bounded()) {
    auto c = compare(v, *high.value);
    if (c > 0 || (c == 0 && !high.inclusive)) return false;
  }
  return true;
}

bool RangeSet::contains(const Value& v) const {
  if (v.is_null()) return null_allowed;
  // Ranges are sorted and disjoint: the first range whose high bound is not below
  // v is the only candidate.
  auto it = std::partition_point(ranges.begin(), ranges.end(), [&](const Range& r) {
    if (!r.high.bounded()) return false;
    auto c = compare(*r.high.value, v);
    return c < 0 || (c == 0 && !r.high.inclusive);
  });
  return it != ranges.end() && it->contains(v);
}

bool RangeSet::all_points() const {
  return !ranges.empty() &&
         std::all_of(ranges.begin(), ranges.end(), [](const Range& r) { return r.is_point(); });
}

std::optional<std::vector<Value>> RangeSet::excluded_points() const {
  if (ranges.size() < 2 || ranges.front().low.bounded() || ranges.back().high.bounded()) {
    return std::nullopt;
  }
  std::vector<Value> points;
  for (size_t i = 0; i + 1 < ranges.size(); ++i) {
    const Bound& high = ranges[i].high;
    const Bound& next_low = ranges[i + 1].low;
    if (!high.bounded() || !next_low.bounded() || high.inclusive || next_low.inclusive ||
        !(*high.value == *next_low.value)) {
      return std::nullopt;
    }
    points.push_back(*high.value);
  }
  return points;
}

RangeSet normalize(std::vector<Range> ranges, bool null_allowed) {
  std::erase_if(ranges, [](const Range& r) { return r.is_empty(); });
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return compare_low(a.low, b.low) < 0; });
  RangeSet out;
  out.null_allowed = null_allowed;
  for (auto& r : ranges) {
    if (!out.ranges.empty() && touches(out.ranges.back().high, r.low)) {
      Bound& high = out.ranges.back().high;
      if (compare_high(r.high, high) > 0) high = r.high;
    } else {
      out.ranges.push_back(std::move(r));
    }
  }
  return out;
}

RangeSet intersect(const RangeSet& a, const RangeSet& b) {
  std::vector<Range> out;
  for (const auto& x : a.ranges) {
    for (const auto& y : b.ranges) {
      Range r{compare_low(x.low, y.low) >= 0 ? x.low : y.low,
              compare_high(x.high, y.high) <= 0 ? x.high : y.high};
      if (!r.is_empty()) out.push_back(std::move(r));
    }
  }
  return normalize(std::move(out), a.null_allowed && b.null_allowed);
}

RangeSet unite(const RangeSet& a, const RangeSet& b) {
  std::vector<Range> all = a.ranges;
  all.insert(all.end(), b.ranges.begin(), b.ranges.end());
  return normalize(std::move(all), a.null_allowed || b.null_allowed);
}

ValueSet ValueSet::eq(const Value& v) {
  if (v.is_null()) return none();
  return {SortedRanges{{Range::point(v)}}, false};
}
ValueSet ValueSet::ne(const Value& v) {
  if (v.is_null()) return none();
  return {Equatable{false, {v}}, false};
}
ValueSet ValueSet::lt(const Value& v) {
  if (v.is_null()) return none();
  return {SortedRanges{{Range{Bound::unbounded(), Bound::at(v, false)}}}, false};
}
ValueSet ValueSet::le(const Value& v) {
  if (v.is_null()) return none();
  return {SortedRanges{{Range{Bound::unbounded(), Bound::at(v, true)}}}, false};
}
ValueSet ValueSet::gt(const Value& v) {
  if (v.is_null()) return none();
  return {SortedRanges{{Range{Bound::at(v, false), Bound::unbounded()}}}, false};
}
ValueSet ValueSet::ge(const Value& v) {
  if (v.is_null()) return none();
  return {SortedRanges{{Range{Bound::at(v, true), Bound::unbounded()}}}, false};
}
ValueSet ValueSet::between(const Value& low, const Value& high) {
  if (low.is_null() || high.is_null()) return none();
  return {SortedRanges{{Range{Bound::at(low, true), Bound::at(high, true)}}}, false};
}
ValueSet ValueSet::in(const std::vector<Value>& values) {
  return {Equatable{true, sorted_unique(values)}, false};
}
ValueSet ValueSet::not_in(const std::vector<Value>& values) {
  bool has_null =
      std::any_of(values.begin(), values.end(), [](const Value& v) { return v.is_null(); });
  if (has_null) return none();  // x NOT IN (.., NULL) is never true
  return {Equatable{false, sorted_unique(values)}, false};
}
ValueSet ValueSet::ranges(std::vector<Range> ranges, bool null_allowed) {
  return {SortedRanges{std::move(ranges)}, null_allowed};
}

RangeSet ValueSet::canonical() const {
  if (const auto* a = std::get_if<AllOrNone>(&set)) {
    std::vector<Range> ranges;
    if (a->all) ranges.push_back(Range::all());
    return {std::move(ranges), null_allowed};
  }
  if (const auto* e = std::get_if<Equatable>(&set)) {
    std::vector<Value> points = sorted_unique(e->values);
    std::vector<Range> ranges;
    if (e->white_list) {
      for (const auto& v : points) ranges.push_back(Range::point(v));
    } else {
      ranges = complement_of_points(points);
    }
    return normalize(std::move(ranges), null_allowed);
  }
  return normalize(std::get<SortedRanges>(set).ranges, null_allowed);
}

ValueSet from_canonical(const RangeSet& set) {
  if (set.ranges.empty()) return {AllOrNone{false}, set.null_allowed};
  if (set.all_values()) return {AllOrNone{true}, set.null_allowed};
  return {SortedRanges{set.ranges}, set.null_allowed};
}

ValueSet intersect(const ValueSet& a, const ValueSet& b) {
  return from_canonical(intersect(a.canonical(), b.canonical()));
}

ValueSet unite(const ValueSet& a, const ValueSet& b) {
  return from_canonical(unite(a.canonical(), b.canonical()));
}

std::string describe(const RangeSet& set, const std::string& column) {
  if (set.is_none()) return "FALSE";
  if (set.is_all()) return "TRUE";
  if (set.is_only_null()) return column + " IS NULL";
  std::vector<std::string> terms;
  if (set.all_values()) {
    terms.push_back(column + " IS NOT NULL");
  } else if (auto excluded = set.excluded_points()) {
    std::string list;
    for (const auto& v : *excluded) list += (list.empty() ? "" : ", ") + v.to_sql();
    terms.push_back(column + (excluded->size() == 1 ? " <> " + list : " NOT IN (" + list + ")"));
  } else if (set.all_points() && set.ranges.size() > 1) {
    std::string list;
    for (const auto& r : set.ranges) list += (list.empty() ? "" : ", ") + r.low.value->to_sql();
    terms.push_back(column + " IN (" + list + ")");
  } else {
    for (const auto& r : set.ranges) {
      if (r.is_point()) {
        terms.push_back(column + " = " + r.low.value->to_sql());
      } else if (r.low.bounded() && r.high.bounded()) {
        terms.push_back("(" + bound_text(column, r.low, true) + " AND " +
                        bound_text(column, r.high, false) + ")");
      } else {
        terms.push_back(bound_text(column, r.low.bounded() ? r.low : r.high, r.low.bounded()));
      }
    }
  }
  if (set.null_allowed) terms.push_back(column + " IS NULL");
  std::string out;
  for (const auto& t : terms) out += (out.empty() ? "" : " OR ") + t;
  return out;
}

common::Json to_json(const ValueSet& set) {
  common::Json out;
  if (const auto* a = std::get_if<AllOrNone>(&set.set)) {
    out = {{"type", "all_or_none"}, {"all", a->all}};
  } else if (const auto* e = std::get_if<Equatable>(&set.set)) {
    common::Json values = common::Json::array();
    for (const auto& v : e->values) values.push_back(to_json(v));
    out = {{"type", "equatable"}, {"white_list", e->white_list}, {"values", values}};
  } else {
    common::Json ranges = common::Json::array();
    for (const auto& r : std::get<SortedRanges>(set.set).ranges) {
      ranges.push_back({{"low", bound_to_json(r.low)}, {"high", bound_to_json(r.high)}});
    }
    out = {{"type", "sorted_ranges"}, {"ranges", ranges}};
  }
  out["null_allowed"] = set.null_allowed;
  return out;
}

ValueSet value_set_from_json(const common::Json& json, std::string_view what) {
  auto fail = [&](const std::string& problem) -> common::UserError {
    return common::UserError(std::string(what) + " " + problem);
  };
  if (!json.is_object() || !json.contains("type") || !json["type"].is_string()) {
    throw fail("must be an object with a \"type\": all_or_none, equatable or sorted_ranges");
  }
  ValueSet out;
  out.null_allowed = json.value("null_allowed", false);
  const auto& type = json["type"].get_ref<const std::string&>();
  if (type == "all_or_none") {
    out.set = AllOrNone{json.value("all", false)};
  } else if (type == "equatable") {
    Equatable e{json.value("white_list", true), {}};
    if (!json.contains("values") || !json["values"].is_array())
      throw fail("needs \"values\": [...]");
    for (const auto& v : json["values"]) e.values.push_back(value_from_json(v, what));
    out.set = std::move(e);
  } else if (type == "sorted_ranges") {
    SortedRanges s;
    if (!json.contains("ranges") || !json["ranges"].is_array())
      throw fail("needs \"ranges\": [...]");
    for (const auto& r : json["ranges"]) {
      if (!r.is_object()) throw fail("has a range that is not an object {low, high}");
      s.ranges.push_back({bound_from_json(r.value("low", common::Json()), what),
                          bound_from_json(r.value("high", common::Json()), what)});
    }
    out.set = std::move(s);
  } else {
    throw fail("has unknown type \"" + type + "\": use all_or_none, equatable or sorted_ranges");
  }
  return out;
}

}  // namespace larkbase::pushdown
