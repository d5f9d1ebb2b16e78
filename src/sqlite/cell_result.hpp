#pragma once
// xColumn: one cell of a batch as an SQLite result. NULL is NULL; bools are 0/1;
// integers (dates are epoch milliseconds) INTEGER; floats REAL; text TEXT; lists
// and structs JSON text (columnar/cell_json.hpp).
#include <sqlite3.h>

#include <cstdint>

#include "columnar/array.hpp"

namespace larkbase::sqlite {

void result_cell(sqlite3_context* context, const columnar::ArrayData& array, int64_t row);

}  // namespace larkbase::sqlite
