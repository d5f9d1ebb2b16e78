#pragma once
// xBestIndex: which WHERE terms, ORDER BY and LIMIT become pushdown, which terms
// SQLite may skip re-checking (`omit`), whether the output order is the query's
// (`orderByConsumed`), and a cost that makes SQLite prefer pushing more.
#include <sqlite3.h>

#include "connector/connector.hpp"
#include "sqlite/bound_table.hpp"
#include "sqlite/index_plan.hpp"

namespace larkbase::sqlite {

// Fills `info` (argvIndex, omit, orderByConsumed, costs, idxStr) and returns the
// plan it encoded. `omit` is set only for a term whose operand SQLite showed us
// (a literal) and that the connector plans as exact; orderByConsumed only when the
// connector plans Lark's order as exact and every pushed term was known here.
// Errors from the connector are not thrown: the plan then claims nothing.
IndexPlan choose_index(const BoundTable& table, connector::Connector& connector,
                       sqlite3_index_info* info);

}  // namespace larkbase::sqlite
