#include "sqlite/cell_result.hpp"

#include <string>

#include "columnar/cell_json.hpp"
#include "columnar/cell_value.hpp"

namespace larkbase::sqlite {

using columnar::TypeId;

void result_cell(sqlite3_context* context, const columnar::ArrayData& array, int64_t row) {
  if (array.is_null(row)) {
    sqlite3_result_null(context);
    return;
  }
  switch (array.type->id) {
    case TypeId::kBool:
      sqlite3_result_int(context, columnar::get_bool(array, row) ? 1 : 0);
      return;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      sqlite3_result_int64(context, columnar::get_int(array, row));
      return;
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      sqlite3_result_double(context, columnar::get_double(array, row));
      return;
    case TypeId::kUtf8: {
      auto text = columnar::get_string(array, row);
      sqlite3_result_text64(context, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      return;
    }
    default: {
      std::string json = columnar::cell_to_json_text(array, row);
      sqlite3_result_text64(context, json.data(), json.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      return;
    }
  }
}

}  // namespace larkbase::sqlite
