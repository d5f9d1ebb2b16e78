#include "sqlite/sql_type.hpp"

namespace larkbase::sqlite {

using columnar::TypeId;

ColumnClass column_class(const columnar::DataType& type) {
  switch (type.id) {
    case TypeId::kBool:
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return ColumnClass::kNumber;
    case TypeId::kUtf8:
      return ColumnClass::kText;
    default:
      return ColumnClass::kNested;
  }
}

const char* declared_type(const columnar::DataType& type) {
  switch (type.id) {
    case TypeId::kBool:
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return "INTEGER";
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return "REAL";
    default:
      return "TEXT";
  }
}

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace larkbase::sqlite
