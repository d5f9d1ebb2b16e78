// Evaluating a compiled filter on one record. Positive tests (is, contains,
// comparisons) are false on an empty cell; isNot and doesNotContain are their
// negations, so they match empty cells (README.md "Empty cells").
#include <algorithm>
#include <string>
#include <vector>

#include "emulator/query/cells.hpp"
#include "emulator/query/filter.hpp"
#include "emulator/query/filter_tree.hpp"

namespace larkbase::emulator::query {
namespace {

using common::Json;

bool is_date(FieldKind kind) {
  return kind == FieldKind::kDateTime || kind == FieldKind::kCreatedTime ||
         kind == FieldKind::kModifiedTime;
}

bool compare_holds(Operator op, int cmp) {
  switch (op) {
    case Operator::kIs:
      return cmp == 0;
    case Operator::kIsGreater:
      return cmp > 0;
    case Operator::kIsGreaterEqual:
      return cmp >= 0;
    case Operator::kIsLess:
      return cmp < 0;
    case Operator::kIsLessEqual:
      return cmp <= 0;
    default:
      return false;
  }
}

int three_way(double a, double b) { return a < b ? -1 : (a > b ? 1 : 0); }

// The cell's text, case-folded when the semantics ignore case.
std::string_view comparable_text(const Json& cell, FieldKind kind, const Semantics& semantics) {
  thread_local std::string scratch;
  std::string_view text = text_of(cell, kind, scratch);
  if (semantics.text_case_sensitive) return text;
  if (text.data() != scratch.data()) scratch.assign(text);
  fold_ascii_in_place(scratch);
  return scratch;
}

bool number_positive(const Condition& c, const Json& cell) {
  auto number = number_of(cell);
  if (!number) return false;
  Operator op = c.op == Operator::kIsNot ? Operator::kIs : c.op;
  return compare_holds(op, three_way(*number, c.number));
}

bool text_positive(const Condition& c, const Json& cell, const Semantics& semantics) {
  const std::string& wanted = c.values.front();
  if (c.kind == FieldKind::kAutoNumber && c.op != Operator::kContains &&
      c.op != Operator::kDoesNotContain && c.has_number) {
    if (auto number = number_of(cell)) {
      Operator op = c.op == Operator::kIsNot ? Operator::kIs : c.op;
      return compare_holds(op, three_way(*number, c.number));
    }
  }
  std::string_view text = comparable_text(cell, c.kind, semantics);
  switch (c.op) {
    case Operator::kContains:
    case Operator::kDoesNotContain:
      return text.find(wanted) != std::string_view::npos;
    case Operator::kIs:
    case Operator::kIsNot:
      return text == wanted;
    default:
      return compare_holds(c.op, text.compare(wanted));
  }
}

bool set_positive(const Condition& c, const Json& cell, const Semantics& semantics) {
  thread_local std::vector<std::string_view> ids;
  ids_of(cell, c.kind, ids);
  auto in_cell = [&](const std::string& value) {
    return std::find(ids.begin(), ids.end(), value) != ids.end();
  };
  if (c.op == Operator::kContains || c.op == Operator::kDoesNotContain) {
    return std::any_of(c.values.begin(), c.values.end(), in_cell);
  }
  switch (semantics.multi_value_is) {
    case MultiValueIs::kAnyOf:
      return std::any_of(c.values.begin(), c.values.end(), in_cell);
    case MultiValueIs::kContainsAll:
      return std::all_of(c.values.begin(), c.values.end(), in_cell);
    case MultiValueIs::kExactSet:
      return std::all_of(c.values.begin(), c.values.end(), in_cell) &&
             std::all_of(ids.begin(), ids.end(), [&](std::string_view id) {
               return std::find(c.values.begin(), c.values.end(), id) != c.values.end();
             });
  }
  return false;
}

bool date_positive(const Condition& c, const Json& cell, const Semantics& semantics) {
  auto instant = instant_of(cell);
  if (!instant) return false;
  switch (c.op) {
    case Operator::kIs:
      return c.range.contains(*instant);
    case Operator::kIsGreater:
      return semantics.day_comparison == DayComparison::kWholeDay ? *instant >= c.range.end_ms
                                                                  : *instant > c.range.begin_ms;
    case Operator::kIsLess:
      return *instant < c.range.begin_ms;
    default:
      return false;
  }
}

bool positive(const Condition& c, const Json& cell, const Semantics& semantics) {
  if (c.kind == FieldKind::kNumber) return number_positive(c, cell);
  if (is_date(c.kind)) return date_positive(c, cell, semantics);
  if (c.kind == FieldKind::kSingleSelect || c.kind == FieldKind::kMultiSelect ||
      c.kind == FieldKind::kUser || c.kind == FieldKind::kCreatedUser ||
      c.kind == FieldKind::kModifiedUser || c.kind == FieldKind::kGroupChat || is_link(c.kind)) {
    return set_positive(c, cell, semantics);
  }
  return text_positive(c, cell, semantics);
}

bool all_or_any(bool is_and, const std::vector<Condition>& conditions, const Json& fields,
                const Json* record, const Semantics& semantics) {
  if (is_and) {
    return std::all_of(conditions.begin(), conditions.end(),
                       [&](const Condition& c) { return evaluate(c, fields, record, semantics); });
  }
  return std::any_of(conditions.begin(), conditions.end(),
                     [&](const Condition& c) { return evaluate(c, fields, record, semantics); });
}

}  // namespace

bool evaluate(const Condition& c, const Json& fields, const Json* record,
              const Semantics& semantics) {
  const Json* cell = find_cell(fields, record, c.field_name, c.kind);
  if (c.kind == FieldKind::kCheckbox) {
    bool checked = cell != nullptr && cell->is_boolean() && cell->get<bool>();
    return checked == c.checked;
  }
  bool empty = is_empty_cell(cell, c.kind);
  switch (c.op) {
    case Operator::kIsEmpty:
      return empty;
    case Operator::kIsNotEmpty:
      return !empty;
    case Operator::kIsNot:
    case Operator::kDoesNotContain:
      return empty || !positive(c, *cell, semantics);
    default:
      return !empty && positive(c, *cell, semantics);
  }
}

CompiledFilter::CompiledFilter() : tree_(std::make_shared<const FilterTree>()) {}

CompiledFilter::CompiledFilter(std::shared_ptr<const FilterTree> tree) : tree_(std::move(tree)) {}

bool CompiledFilter::matches(const Json& fields, const Json* record) const {
  const FilterTree& tree = *tree_;
  if (tree.condition_count == 0) return true;
  const Semantics& semantics = tree.semantics;
  auto group_holds = [&](const ConditionGroup& group) {
    return all_or_any(group.is_and, group.conditions, fields, record, semantics);
  };
  if (tree.is_and) {
    return all_or_any(true, tree.conditions, fields, record, semantics) &&
           std::all_of(tree.children.begin(), tree.children.end(), group_holds);
  }
  return all_or_any(false, tree.conditions, fields, record, semantics) ||
         std::any_of(tree.children.begin(), tree.children.end(), group_holds);
}

bool CompiledFilter::matches_record(const Json& record) const {
  static const Json kNoFields = Json::object();
  auto it = record.find("fields");
  return matches(it != record.end() ? *it : kNoFields, &record);
}

bool CompiledFilter::matches_everything() const { return tree_->condition_count == 0; }

int CompiledFilter::condition_count() const { return tree_->condition_count; }

}  // namespace larkbase::emulator::query
