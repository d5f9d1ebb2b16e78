#include "sqlite/predicate.hpp"

#include "common/error.hpp"
#include "sqlite/operand.hpp"

namespace larkbase::sqlite {
namespace {

using pushdown::Value;
using pushdown::ValueSet;

bool add_in_list(pushdown::Constraints& out, const std::string& column, ColumnClass column_class,
                 const std::vector<std::optional<Value>>& operands) {
  if (column_class == ColumnClass::kNested) return false;
  std::vector<Value> values;
  for (const auto& operand : operands) {
    if (!operand) return false;
    // x IN (1, NULL) keeps the same rows as x IN (1) in a WHERE clause.
    if (!operand->is_null()) values.push_back(*operand);
  }
  out.add(column, values.empty() ? ValueSet::none() : ValueSet::in(values));
  return true;
}

bool add_like(pushdown::Constraints& out, const std::string& column, ColumnClass column_class,
              const std::optional<Value>& pattern) {
  if (column_class != ColumnClass::kText || !pattern) return false;
  if (pattern->is_null()) {
    out.add(column, ValueSet::none());  // x LIKE NULL is never true
    return true;
  }
  // The session turns on case_sensitive_like (LIKE as in Athena), and its
  // authorizer refuses to turn it off, so LIKE here is byte-exact.
  out.add_like({column, pattern->as_string(), false});
  return true;
}

}  // namespace

bool add_predicate(pushdown::Constraints& out, const std::string& column, ColumnClass column_class,
                   SlotOp op, const std::vector<std::optional<Value>>& operands) {
  if (op == SlotOp::kLimit || op == SlotOp::kOffset) {
    throw common::InternalError("add_predicate: LIMIT/OFFSET are not predicates");
  }
  if (op == SlotOp::kIn) return add_in_list(out, column, column_class, operands);
  if (operands.size() != 1) throw common::InternalError("add_predicate: one operand expected");
  if (op == SlotOp::kLike) return add_like(out, column, column_class, operands[0]);
  if (op == SlotOp::kIsNull || op == SlotOp::kIsNotNull) {
    out.add(column, comparison_set(op, Value()));
    return true;
  }
  const auto& operand = operands[0];
  if (!operand) return false;
  if (column_class == ColumnClass::kNested && !is_null_test(op, *operand)) return false;
  out.add(column, comparison_set(op, *operand));
  return true;
}

}  // namespace larkbase::sqlite
