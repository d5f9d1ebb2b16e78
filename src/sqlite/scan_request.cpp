#include "sqlite/scan_request.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "common/error.hpp"
#include "sqlite/operand.hpp"
#include "sqlite/predicate.hpp"

namespace larkbase::sqlite {
namespace {

using pushdown::Value;

std::string op_text(SlotOp op) {
  switch (op) {
    case SlotOp::kEq:
      return "=";
    case SlotOp::kIn:
      return "IN";
    case SlotOp::kNe:
      return "!=";
    case SlotOp::kLt:
      return "<";
    case SlotOp::kLe:
      return "<=";
    case SlotOp::kGt:
      return ">";
    case SlotOp::kGe:
      return ">=";
    case SlotOp::kIs:
      return "IS";
    case SlotOp::kIsNot:
      return "IS NOT";
    case SlotOp::kIsNull:
      return "IS NULL";
    case SlotOp::kIsNotNull:
      return "IS NOT NULL";
    case SlotOp::kLike:
      return "LIKE";
    case SlotOp::kLimit:
      return "LIMIT";
    case SlotOp::kOffset:
      return "OFFSET";
  }
  return "?";
}

// The operands of one argument: the whole IN list, or the single value.
std::vector<std::optional<Value>> operands_of(sqlite3_value* arg, SlotOp op,
                                              ColumnClass column_class) {
  std::vector<std::optional<Value>> operands;
  if (op != SlotOp::kIn) {
    ColumnClass as = op == SlotOp::kLike ? ColumnClass::kText : column_class;
    operands.push_back(operand_value(arg, as));
    return operands;
  }
  sqlite3_value* item = nullptr;
  int rc = sqlite3_vtab_in_first(arg, &item);
  for (; rc == SQLITE_OK && item != nullptr; rc = sqlite3_vtab_in_next(arg, &item)) {
    operands.push_back(operand_value(item, column_class));
  }
  if (rc != SQLITE_DONE && rc != SQLITE_OK) {
    throw common::InternalError("could not read the values of an IN list (SQLite code " +
                                std::to_string(rc) + ")");
  }
  return operands;
}

// A LIMIT/OFFSET argument as a non-negative count; nullopt when it is not an integer.
std::optional<int64_t> count_of(sqlite3_value* arg) {
  if (sqlite3_value_type(arg) != SQLITE_INTEGER) return std::nullopt;
  return sqlite3_value_int64(arg);
}

std::vector<std::string> projection(const BoundTable& table, const IndexPlan& plan) {
  std::vector<std::string> columns;
  for (int index : plan.columns) columns.push_back(table.column_name(index));
  if (columns.empty()) {
    // COUNT(*) and the like read no column; the record id costs no Lark field.
    const auto* record_id = table.schema().find("$reserved_record_id");
    columns.push_back(record_id ? record_id->name : table.column_name(0));
  }
  return columns;
}

}  // namespace

BuiltRequest build_scan_request(const BoundTable& table, const IndexPlan& plan, int argc,
                                sqlite3_value** argv) {
  if (static_cast<size_t>(argc) != plan.args.size()) {
    throw common::InternalError("xFilter got " + std::to_string(argc) + " arguments for " +
                                std::to_string(plan.args.size()) + " planned");
  }
  BuiltRequest built;
  auto& constraints = built.request.constraints;
  bool all_pushed = plan.where_complete;
  if (!plan.where_complete) built.local.push_back("WHERE terms not offered to the table");
  std::optional<int64_t> limit, offset;
  bool has_offset = false;

  for (size_t i = 0; i < plan.args.size(); ++i) {
    const ArgSlot& slot = plan.args[i];
    if (slot.op == SlotOp::kLimit) {
      limit = count_of(argv[i]);
      continue;
    }
    if (slot.op == SlotOp::kOffset) {
      has_offset = true;
      offset = count_of(argv[i]);
      continue;
    }
    const std::string& column = table.column_name(slot.column);
    ColumnClass column_class = table.classes()[static_cast<size_t>(slot.column)];
    if (!add_predicate(constraints, column, column_class, slot.op,
                       operands_of(argv[i], slot.op, column_class))) {
      all_pushed = false;
      built.local.push_back(column + " " + op_text(slot.op) + " ...: operand type not pushable");
    }
  }

  for (const auto& key : plan.order_by) {
    // SQLite puts NULLs first ascending and last descending.
    constraints.order_by.push_back(
        {table.column_name(key.column), key.descending, !key.descending});
  }
  if (!plan.order_by.empty() && !plan.order_consumed) built.local.push_back("ORDER BY");

  bool offset_ok = !has_offset || offset.has_value();
  if (limit && *limit >= 0 && all_pushed && offset_ok) {
    int64_t skip = offset ? std::max<int64_t>(*offset, 0) : 0;
    constraints.limit = skip > std::numeric_limits<int64_t>::max() - *limit
                            ? std::numeric_limits<int64_t>::max()
                            : *limit + skip;
  } else if (limit) {
    built.local.push_back("LIMIT (applied by SQLite after reading every matching row)");
  }
  built.request.columns = projection(table, plan);
  return built;
}

}  // namespace larkbase::sqlite
