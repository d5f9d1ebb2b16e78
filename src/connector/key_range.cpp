#include "connector/key_range.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/error.hpp"
#include "connector/connector.hpp"
#include "pushdown/translate.hpp"

namespace larkbase::connector {
namespace {

common::Json optional_json(std::optional<int64_t> value) {
  return value ? common::Json(*value) : common::Json(nullptr);
}

std::optional<int64_t> optional_from(const common::Json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end()) {
    throw common::UserError(fmt::format("a split's key range lacks '{}'", key));
  }
  if (it->is_null()) return std::nullopt;
  return it->get<int64_t>();
}

}  // namespace

pushdown::ValueSet KeyRange::value_set() const {
  pushdown::Range r;
  if (low) r.low = pushdown::Bound::at(pushdown::Value(*low), true);
  if (high) r.high = pushdown::Bound::at(pushdown::Value(*high), false);
  return pushdown::ValueSet::ranges({r}, nulls);
}

bool KeyRange::contains(std::optional<int64_t> value) const {
  if (!value) return nulls;
  return (!low || *value >= *low) && (!high || *value < *high);
}

common::Json KeyRange::to_json() const {
  return {{"column", column},
          {"low", optional_json(low)},
          {"high", optional_json(high)},
          {"nulls", nulls}};
}

KeyRange KeyRange::from_json(const common::Json& json) {
  if (!json.is_object() || !json.contains("column") || !json.contains("nulls")) {
    throw common::UserError(
        "a split's key range must be {\"column\", \"low\", \"high\", \"nulls\"}");
  }
  KeyRange range;
  range.column = json.at("column").get<std::string>();
  range.low = optional_from(json, "low");
  range.high = optional_from(json, "high");
  range.nulls = json.at("nulls").get<bool>();
  return range;
}

const char* to_string(KeyKind kind) {
  switch (kind) {
    case KeyKind::kSplitKey:
      return "split key";
    case KeyKind::kAutoNumber:
      return "auto number";
    case KeyKind::kTime:
      return "time";
    case KeyKind::kNumber:
      return "number";
  }
  return "?";
}

namespace {

// How `column` can be cut on; `named`: the user asked for it (any date or number).
std::optional<KeyKind> key_kind(const types::Column& column, bool named) {
  using types::FieldKind;
  if (column.role == types::ColumnRole::kSplitKey) return KeyKind::kSplitKey;
  if (column.role != types::ColumnRole::kField) return std::nullopt;
  switch (column.kind) {
    case FieldKind::kAutoNumber:
      if (column.integer_auto_number) return KeyKind::kAutoNumber;
      return std::nullopt;
    case FieldKind::kCreatedTime:
      return KeyKind::kTime;
    case FieldKind::kDateTime:
    case FieldKind::kModifiedTime:
      if (named) return KeyKind::kTime;
      return std::nullopt;
    case FieldKind::kNumber:
      return KeyKind::kNumber;
    case FieldKind::kCurrency:
    case FieldKind::kProgress:
    case FieldKind::kRating:
      if (named) return KeyKind::kNumber;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::optional<SplitColumn> usable(const Split& split, const types::Column& column, bool named) {
  auto kind = key_kind(column, named);
  if (!kind) return std::nullopt;
  if (*kind == KeyKind::kAutoNumber && split.constraints.columns.count(column.name) > 0) {
    return std::nullopt;
  }
  bool fixed = column.role == types::ColumnRole::kSplitKey ||
               column.kind == types::FieldKind::kAutoNumber ||
               column.kind == types::FieldKind::kCreatedTime;
  return SplitColumn{column.name, *kind, fixed};
}

}  // namespace

std::optional<SplitColumn> range_split_column(const Split& split, const std::string& choice) {
  if (choice == kNoSplitColumn) return std::nullopt;
  const auto& schema = split.table_schema;
  if (!choice.empty()) {
    if (const auto* column = schema.find(choice)) {
      if (auto chosen = usable(split, *column, true)) return chosen;
    }
  }
  std::optional<SplitColumn> best;
  for (const auto& column : schema.columns()) {
    auto candidate = usable(split, column, false);
    if (candidate && (!best || candidate->kind < best->kind)) best = candidate;
  }
  return best;
}

bool can_cut(const Split& split, const std::string& choice) {
  return split.record_ids.empty() && split.query.sort.is_null() && !split.limit && !split.range &&
         split.constraints.order_by.empty() && range_split_column(split, choice);
}

std::vector<KeyRange> cut_key_range(const std::string& column, int64_t min, int64_t max,
                                    int count) {
  if (count <= 1 || min >= max) return {KeyRange{column, std::nullopt, std::nullopt, true}};
  // Interior bounds b1 < ... < b(count-1) spread over (min, max]; computed in
  // long double so that huge key spans neither overflow nor repeat a bound.
  const long double span = static_cast<long double>(max) - static_cast<long double>(min) + 1;
  std::vector<int64_t> bounds;
  for (int i = 1; i < count; ++i) {
    auto bound = static_cast<int64_t>(static_cast<long double>(min) + span * i / count);
    if (bound > min && (bounds.empty() || bound > bounds.back())) bounds.push_back(bound);
  }
  std::vector<KeyRange> ranges;
  std::optional<int64_t> low;
  for (int64_t bound : bounds) {
    ranges.push_back(KeyRange{column, low, bound, ranges.empty()});
    low = bound;
  }
  ranges.push_back(KeyRange{column, low, std::nullopt, ranges.empty()});
  return ranges;
}

int range_count(const KeyProfile& profile, int64_t rows_per_split, int max_splits) {
  if (rows_per_split <= 0 || profile.rows <= rows_per_split) return 1;
  int64_t count = (profile.rows + rows_per_split - 1) / rows_per_split;
  return static_cast<int>(std::clamp<int64_t>(count, 1, std::max(max_splits, 1)));
}

std::optional<Split> restrict_split(const Split& split, const KeyRange& range,
                                    const pushdown::TranslateOptions& options) {
  Split out = split;
  out.constraints.add(range.column, range.value_set());
  auto plan = pushdown::translate(out.constraints, out.table_schema, options);
  if (plan.access == pushdown::Access::kNothing) return std::nullopt;
  if (plan.access != pushdown::Access::kSearch) {
    throw common::InternalError(
        fmt::format("cutting {} into key ranges changed its access path", split.qualified_name()));
  }
  out.query.filter = plan.query.filter;
  out.query.field_names = plan.query.field_names;
  out.range = range;
  return out;
}

std::vector<KeyRange> split_ranges(const Split& split, const KeyProfile& profile,
                                   int64_t rows_per_split, int max_splits) {
  if (!can_cut(split, profile.column.name)) return {};
  int count = range_count(profile, rows_per_split, max_splits);
  return cut_key_range(profile.column.name, profile.min, profile.max, count);
}

std::vector<Split> range_splits(const Split& split, const KeyProfile& profile,
                                int64_t rows_per_split, int max_splits,
                                const pushdown::TranslateOptions& options) {
  if (!can_cut(split, profile.column.name)) return {split};
  std::vector<Split> splits;
  for (const auto& range : split_ranges(split, profile, rows_per_split, max_splits)) {
    if (auto restricted = restrict_split(split, range, options)) {
      splits.push_back(std::move(*restricted));
    }
  }
  return splits;
}

}  // namespace larkbase::connector
