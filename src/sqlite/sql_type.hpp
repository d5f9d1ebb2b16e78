#pragma once
// How a column of the type contract appears in SQLite (docs/sql.md): its declared
// type, and the class of operands a constraint on it may be pushed with.
#include <string>

#include "columnar/data_type.hpp"

namespace larkbase::sqlite {

enum class ColumnClass {
  kNumber,  // Bool, Int*, Float*: INTEGER or REAL affinity
  kText,    // Utf8: TEXT affinity, BINARY collation
  kNested,  // List, Struct and anything else: JSON text; only IS [NOT] NULL is pushed
};

ColumnClass column_class(const columnar::DataType& type);

// INTEGER (bool, integers, epoch-ms dates), REAL (floats), TEXT (text, JSON of nested values).
const char* declared_type(const columnar::DataType& type);

// `"name"` with embedded quotes doubled: a safe SQL identifier.
std::string quote_identifier(const std::string& name);

}  // namespace larkbase::sqlite
