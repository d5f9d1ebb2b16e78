#include "pushdown/sort_decision.hpp"

#include <optional>

namespace larkbase::pushdown {
namespace {

using types::FieldKind;

constexpr size_t kMaxSortKeys = 100;  // records/search accepts 0-100 sort entries

bool numeric_order_kind(FieldKind kind) {
  switch (kind) {
    case FieldKind::kNumber:
    case FieldKind::kProgress:
    case FieldKind::kCurrency:
    case FieldKind::kRating:
    case FieldKind::kDateTime:
    case FieldKind::kCreatedTime:
    case FieldKind::kModifiedTime:
      return true;
    default:
      return false;
  }
}

// Does Lark put empty cells first for this direction?
std::optional<bool> empty_first(EmptyPlacement placement, bool descending) {
  switch (placement) {
    case EmptyPlacement::kLargest:
      return descending;
    case EmptyPlacement::kSmallest:
      return !descending;
    case EmptyPlacement::kAlwaysLast:
      return false;
    case EmptyPlacement::kAlwaysFirst:
      return true;
    case EmptyPlacement::kUnknown:
      break;
  }
  return std::nullopt;
}

}  // namespace

bool key_order_exact(const types::Column& column, const SortKey& key, bool may_be_null,
                     EmptyPlacement placement, std::string* why) {
  auto fail = [&](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return false;
  };
  if (!column.has_lark_field()) return fail("not a Lark field");
  if (!numeric_order_kind(column.kind)) {
    return fail(std::string(types::to_string(column.kind)) +
                " order in Lark is not known to equal the SQL order");
  }
  bool always_set =
      column.kind == FieldKind::kCreatedTime || column.kind == FieldKind::kModifiedTime;
  if (!may_be_null || always_set) return true;
  auto first = empty_first(placement, key.descending);
  if (!first) return fail("the column may be NULL and Lark's placement of empty cells is unknown");
  if (*first != key.nulls_first) {
    return fail(std::string("Lark puts empty cells ") + (*first ? "first" : "last") +
                " but the query wants NULLS " + (key.nulls_first ? "FIRST" : "LAST"));
  }
  return true;
}

SortDecision decide_sort(const std::vector<SortKey>& keys, const types::TableSchema& schema,
                         const std::map<std::string, RangeSet>& sets,
                         const TranslateOptions& options) {
  SortDecision out;
  if (keys.empty()) return out;
  if (keys.size() > kMaxSortKeys) {
    out.notes.push_back("more than 100 sort keys: sort left to the engine");
    return out;
  }
  common::Json sort = common::Json::array();
  bool exact = true;
  for (const auto& key : keys) {
    const types::Column* column = schema.find(key.column);
    std::string why;
    if (column == nullptr) {
      exact = false;
      out.notes.push_back(key.column + ": unknown column");
      continue;
    }
    auto it = sets.find(key.column);
    bool may_be_null = it == sets.end() || it->second.null_allowed;
    if (!key_order_exact(*column, key, may_be_null, options.lark_empty_placement, &why)) {
      exact = false;
      out.notes.push_back(key.column + ": " + why);
      continue;
    }
    sort.push_back({{"field_name", column->lark_field_name}, {"desc", key.descending}});
  }
  if (exact) {
    out.order_exact = true;
    out.sort = std::move(sort);
  } else {
    out.notes.push_back("sort left to the engine");
  }
  return out;
}

}  // namespace larkbase::pushdown
