#pragma once
// What xBestIndex decided, carried to xFilter in idxStr: which constraint each
// argv slot holds, the projection (from colUsed, which xFilter does not see),
// the ORDER BY, and whether the LIMIT may be pushed at all.
#include <string>
#include <string_view>
#include <vector>

namespace larkbase::sqlite {

// One xFilter argument. The characters are the idxStr spelling.
enum class SlotOp : char {
  kEq = '=',
  kIn = 'I',  // all-at-once IN list (sqlite3_vtab_in)
  kNe = '!',
  kLt = '<',
  kLe = 'l',
  kGt = '>',
  kGe = 'g',
  kIs = 's',
  kIsNot = 'n',
  kIsNull = 'N',
  kIsNotNull = 'K',
  kLike = 'L',
  kLimit = 'M',
  kOffset = 'O',
};

struct ArgSlot {
  SlotOp op = SlotOp::kEq;
  int column = -1;  // declared column index; -1 for LIMIT and OFFSET
};

struct OrderKey {
  int column = 0;
  bool descending = false;
};

struct IndexPlan {
  std::vector<ArgSlot> args;       // argv[i] holds args[i]
  std::vector<int> columns;        // projected declared columns (colUsed), ascending
  std::vector<OrderKey> order_by;  // the query's ORDER BY, when every key is a column
  // Every WHERE term SQLite showed us became an argument: with every argument
  // pushed exactly in xFilter, the LIMIT may go to the reader.
  bool where_complete = false;
  bool order_consumed = false;  // orderByConsumed was set: the reader's order is the SQL order

  std::string encode() const;
  // Throws InternalError when `text` is not what encode() produced.
  static IndexPlan decode(std::string_view text);
};

}  // namespace larkbase::sqlite
