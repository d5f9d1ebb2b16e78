#include "sqlite/best_index.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "sqlite/operand.hpp"
#include "sqlite/predicate.hpp"

namespace larkbase::sqlite {
namespace {

using pushdown::Value;

constexpr double kTableRows = 100000;  // unknown size: a typical large Lark table

std::optional<SlotOp> slot_op(int op) {
  switch (op) {
    case SQLITE_INDEX_CONSTRAINT_EQ:
      return SlotOp::kEq;
    case SQLITE_INDEX_CONSTRAINT_NE:
      return SlotOp::kNe;
    case SQLITE_INDEX_CONSTRAINT_LT:
      return SlotOp::kLt;
    case SQLITE_INDEX_CONSTRAINT_LE:
      return SlotOp::kLe;
    case SQLITE_INDEX_CONSTRAINT_GT:
      return SlotOp::kGt;
    case SQLITE_INDEX_CONSTRAINT_GE:
      return SlotOp::kGe;
    case SQLITE_INDEX_CONSTRAINT_IS:
      return SlotOp::kIs;
    case SQLITE_INDEX_CONSTRAINT_ISNOT:
      return SlotOp::kIsNot;
    case SQLITE_INDEX_CONSTRAINT_ISNULL:
      return SlotOp::kIsNull;
    case SQLITE_INDEX_CONSTRAINT_ISNOTNULL:
      return SlotOp::kIsNotNull;
    case SQLITE_INDEX_CONSTRAINT_LIKE:
      return SlotOp::kLike;
    case SQLITE_INDEX_CONSTRAINT_LIMIT:
      return SlotOp::kLimit;
    case SQLITE_INDEX_CONSTRAINT_OFFSET:
      return SlotOp::kOffset;
    default:
      return std::nullopt;  // MATCH, GLOB, REGEXP, overloaded functions
  }
}

// How much one pushed term is assumed to narrow the rows (SQLite only compares).
double selectivity(SlotOp op, bool record_id) {
  switch (op) {
    case SlotOp::kEq:
    case SlotOp::kIs:
      return record_id ? 1 / kTableRows : 0.05;
    case SlotOp::kIn:
      return record_id ? 10 / kTableRows : 0.2;
    case SlotOp::kLt:
    case SlotOp::kLe:
    case SlotOp::kGt:
    case SlotOp::kGe:
      return 0.3;
    case SlotOp::kLike:
      return 0.25;
    case SlotOp::kIsNull:
      return 0.5;
    default:
      return 0.9;
  }
}

// Text comparisons are pushed with byte order; any other collation stays in SQLite.
bool collation_ok(sqlite3_index_info* info, int i, ColumnClass column_class, SlotOp op) {
  if (column_class != ColumnClass::kText || op == SlotOp::kLike) return true;
  const char* collation = sqlite3_vtab_collation(info, i);
  return collation == nullptr || sqlite3_stricmp(collation, "BINARY") == 0;
}

// The literal operand of constraint i, if SQLite shows it.
std::optional<Value> known_operand(sqlite3_index_info* info, int i, SlotOp op,
                                   ColumnClass column_class) {
  if (op == SlotOp::kIsNull || op == SlotOp::kIsNotNull) return Value();
  if (op == SlotOp::kIn) return std::nullopt;
  sqlite3_value* rhs = nullptr;
  if (sqlite3_vtab_rhs_value(info, i, &rhs) != SQLITE_OK || rhs == nullptr) return std::nullopt;
  return operand_value(rhs, op == SlotOp::kLike ? ColumnClass::kText : column_class);
}

// The columns SQLite reads, and always the record id: it is the primary key,
// which SQLite reads on its own (to merge the branches of an OR) without
// marking it in colUsed.
std::vector<int> used_columns(const BoundTable& table, sqlite3_uint64 col_used) {
  std::vector<int> columns;
  int count = static_cast<int>(table.schema().columns().size());
  int record_id = table.record_id_column();
  for (int i = 0; i < count; ++i) {
    int bit = std::min(i, 63);  // bit 63 stands for every column from 63 on
    if ((col_used & (sqlite3_uint64{1} << bit)) || i == record_id) columns.push_back(i);
  }
  return columns;
}

bool unevaluated(const connector::ScanPlan& plan, const std::string& column) {
  return std::any_of(plan.unevaluated.begin(), plan.unevaluated.end(),
                     [&](const std::string& entry) { return entry.rfind(column + ":", 0) == 0; });
}

}  // namespace

IndexPlan choose_index(const BoundTable& table, connector::Connector& connector,
                       sqlite3_index_info* info) {
  IndexPlan plan;
  plan.where_complete = true;
  connector::ScanRequest known;  // the terms whose operands are visible here
  std::vector<int> omit_candidates;
  bool all_known = true;
  double rows = kTableRows;

  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& constraint = info->aConstraint[i];
    auto op = slot_op(constraint.op);
    bool limit_like = op && (*op == SlotOp::kLimit || *op == SlotOp::kOffset);
    if (limit_like) {
      if (constraint.usable) {
        plan.args.push_back({*op, -1});
        info->aConstraintUsage[i].argvIndex = static_cast<int>(plan.args.size());
      }
      continue;
    }
    if (!op || !constraint.usable || constraint.iColumn < 0) {
      plan.where_complete = false;
      continue;
    }
    ColumnClass column_class = table.classes()[static_cast<size_t>(constraint.iColumn)];
    if (!collation_ok(info, i, column_class, *op)) {
      plan.where_complete = false;
      continue;
    }
    if (*op == SlotOp::kEq && sqlite3_vtab_in(info, i, -1)) {
      sqlite3_vtab_in(info, i, 1);  // see the whole IN list in one xFilter call
      op = SlotOp::kIn;
    }
    plan.args.push_back({*op, constraint.iColumn});
    info->aConstraintUsage[i].argvIndex = static_cast<int>(plan.args.size());
    const std::string& column = table.column_name(constraint.iColumn);
    rows *= selectivity(*op, column == "$reserved_record_id");

    auto operand = known_operand(info, i, *op, column_class);
    if (operand && add_predicate(known.constraints, column, column_class, *op, {operand})) {
      omit_candidates.push_back(i);
    } else {
      all_known = false;
    }
  }

  bool order_is_columns = info->nOrderBy > 0;
  for (int k = 0; k < info->nOrderBy; ++k) {
    if (info->aOrderBy[k].iColumn < 0) order_is_columns = false;
  }
  if (order_is_columns) {
    for (int k = 0; k < info->nOrderBy; ++k) {
      const auto& key = info->aOrderBy[k];
      plan.order_by.push_back({key.iColumn, key.desc != 0});
      known.constraints.order_by.push_back(
          {table.column_name(key.iColumn), key.desc != 0, key.desc == 0});
    }
  }
  plan.columns = used_columns(table, info->colUsed);
  for (int index : plan.columns) known.columns.push_back(table.column_name(index));

  try {
    connector::ScanPlan scan = table.plan(connector, known);
    for (int i : omit_candidates) {
      const std::string& column = table.column_name(info->aConstraint[i].iColumn);
      if (scan.exact || !unevaluated(scan, column)) info->aConstraintUsage[i].omit = 1;
    }
    plan.order_consumed = order_is_columns && all_known && scan.pushdown.order_exact;
  } catch (const std::exception& error) {
    // Claim nothing: SQLite re-checks every term and sorts; xFilter reports the error.
    spdlog::debug("xBestIndex of {}: {}", table.qualified_name(), error.what());
  }
  info->orderByConsumed = plan.order_consumed ? 1 : 0;

  rows = std::max(1.0, rows);
  info->estimatedRows = static_cast<sqlite3_int64>(rows);
  // Fetching dominates; a local sort of what comes back adds n log n.
  double sort_cost = (order_is_columns && !plan.order_consumed) ? rows * std::log2(rows + 1) : 0;
  info->estimatedCost = rows * 10 + sort_cost;

  std::string encoded = plan.encode();
  info->idxStr = sqlite3_mprintf("%s", encoded.c_str());
  info->needToFreeIdxStr = 1;
  return plan;
}

}  // namespace larkbase::sqlite
