#pragma once
// Constraint operands from SQLite values, with SQLite's comparison affinity
// applied, and the value set of one comparison. An operand is only pushed when
// the pushed comparison keeps exactly the rows SQLite's own comparison keeps.
#include <sqlite3.h>

#include <optional>

#include "pushdown/value.hpp"
#include "pushdown/value_set.hpp"
#include "sqlite/index_plan.hpp"
#include "sqlite/sql_type.hpp"

namespace larkbase::sqlite {

// NULL → NULL. Number columns: integers and reals as they are, text that SQLite's
// numeric affinity turns into a number becomes that number. Text columns: text.
// nullopt otherwise (a number compared with a text column, a blob, text that stays
// text against a number column): whether SQLite applies affinity then depends on
// the operand's own affinity, which a virtual table cannot see.
std::optional<pushdown::Value> operand_value(sqlite3_value* value, ColumnClass column_class);

// The value set of `column <op> operand` for the comparison ops (=, !=, <, <=, >,
// >=, IS, IS NOT, IS NULL, IS NOT NULL) under SQL's NULL rules.
pushdown::ValueSet comparison_set(SlotOp op, const pushdown::Value& operand);

// The ops whose value sets the evaluator checks on every column class.
bool is_null_test(SlotOp op, const pushdown::Value& operand);

}  // namespace larkbase::sqlite
