#pragma once
// One WHERE term as a pushdown constraint. Used twice with the same rules: by
// xBestIndex with the operands it can see (literals), to ask the connector what
// would be exact, and by xFilter with the real operands.
#include <optional>
#include <string>
#include <vector>

#include "pushdown/constraints.hpp"
#include "sqlite/index_plan.hpp"
#include "sqlite/sql_type.hpp"

namespace larkbase::sqlite {

// Adds `column <op> operands` (one operand, or the IN list) to `out`. Returns
// false, adding nothing, when the term cannot be pushed exactly: an operand is
// unknown (nullopt), a non-NULL test on a nested column, LIKE on a non-text column.
// LIMIT and OFFSET are not predicates (InternalError).
bool add_predicate(pushdown::Constraints& out, const std::string& column, ColumnClass column_class,
                   SlotOp op, const std::vector<std::optional<pushdown::Value>>& operands);

}  // namespace larkbase::sqlite
