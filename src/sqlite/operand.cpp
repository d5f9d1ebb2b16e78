#include "sqlite/operand.hpp"

#include <string>

#include "common/error.hpp"

namespace larkbase::sqlite {
namespace {

using pushdown::Value;
using pushdown::ValueSet;

// sqlite3_value_numeric_type converts in place, so it works on a copy: the
// argument itself belongs to SQLite.
std::optional<Value> numeric_affinity(sqlite3_value* value) {
  sqlite3_value* copy = sqlite3_value_dup(value);
  if (copy == nullptr) throw common::InternalError("out of memory copying a SQLite value");
  std::optional<Value> out;
  int type = sqlite3_value_numeric_type(copy);
  if (type == SQLITE_INTEGER) out = Value(int64_t{sqlite3_value_int64(copy)});
  if (type == SQLITE_FLOAT) out = Value(sqlite3_value_double(copy));
  sqlite3_value_free(copy);
  return out;
}

std::string text_of(sqlite3_value* value) {
  const unsigned char* text = sqlite3_value_text(value);
  int size = sqlite3_value_bytes(value);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

}  // namespace

std::optional<Value> operand_value(sqlite3_value* value, ColumnClass column_class) {
  int type = sqlite3_value_type(value);
  if (type == SQLITE_NULL) return Value();
  switch (column_class) {
    case ColumnClass::kNumber:
      if (type == SQLITE_INTEGER) return Value(int64_t{sqlite3_value_int64(value)});
      if (type == SQLITE_FLOAT) return Value(sqlite3_value_double(value));
      if (type == SQLITE_TEXT) return numeric_affinity(value);
      return std::nullopt;
    case ColumnClass::kText:
      if (type == SQLITE_TEXT) return Value(text_of(value));
      return std::nullopt;
    case ColumnClass::kNested:
      return std::nullopt;
  }
  return std::nullopt;
}

ValueSet comparison_set(SlotOp op, const Value& operand) {
  switch (op) {
    case SlotOp::kEq:
      return ValueSet::eq(operand);
    case SlotOp::kNe:
      return ValueSet::ne(operand);
    case SlotOp::kLt:
      return ValueSet::lt(operand);
    case SlotOp::kLe:
      return ValueSet::le(operand);
    case SlotOp::kGt:
      return ValueSet::gt(operand);
    case SlotOp::kGe:
      return ValueSet::ge(operand);
    case SlotOp::kIs:
      return operand.is_null() ? ValueSet::is_null() : ValueSet::eq(operand);
    case SlotOp::kIsNot: {
      if (operand.is_null()) return ValueSet::is_not_null();
      ValueSet set = ValueSet::ne(operand);
      set.null_allowed = true;  // NULL IS NOT 5 is true
      return set;
    }
    case SlotOp::kIsNull:
      return ValueSet::is_null();
    case SlotOp::kIsNotNull:
      return ValueSet::is_not_null();
    default:
      throw common::InternalError("comparison_set: not a comparison op");
  }
}

bool is_null_test(SlotOp op, const Value& operand) {
  if (op == SlotOp::kIsNull || op == SlotOp::kIsNotNull) return true;
  return (op == SlotOp::kIs || op == SlotOp::kIsNot) && operand.is_null();
}

}  // namespace larkbase::sqlite
