#include "columnar/cell_json.hpp"

#include "columnar/cell_value.hpp"
#include "common/base64.hpp"

namespace larkbase::columnar {
namespace {

// J is nlohmann::json (members sorted by name) or nlohmann::ordered_json (type order).
template <typename J>
J to_json(const ArrayData& array, int64_t row) {
  if (array.is_null(row)) return nullptr;
  switch (array.type->id) {
    case TypeId::kNull:
      return nullptr;
    case TypeId::kBool:
      return array.bool_value(row);
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return get_int(array, row);
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return get_double(array, row);
    case TypeId::kUtf8:
      return std::string(array.string_value(row));
    case TypeId::kBinary:
      return common::base64_encode(array.string_value(row));
    case TypeId::kDecimal128:
      return get_decimal_string(array, row);
    case TypeId::kDateDay:
      return format_date(get_date_days(array, row));
    case TypeId::kDateMilli:
      return format_timestamp(get_date_millis(array, row), TimeUnit::kMilli);
    case TypeId::kTimestamp:
      return format_timestamp(get_timestamp(array, row), array.type->unit);
    case TypeId::kList: {
      J items = J::array();
      const auto [begin, end] = array.list_range(row);
      for (int32_t i = begin; i < end; ++i) items.push_back(to_json<J>(*array.children[0], i));
      return items;
    }
    case TypeId::kStruct: {
      J object = J::object();
      // Members share the struct's offset: row r is member row offset + r.
      for (size_t i = 0; i < array.children.size(); ++i) {
        object[array.type->children[i].name] = to_json<J>(*array.children[i], array.offset + row);
      }
      return object;
    }
  }
  return nullptr;
}

}  // namespace

common::Json cell_to_json(const ArrayData& array, int64_t row) {
  return to_json<common::Json>(array, row);
}

std::string cell_to_json_text(const ArrayData& array, int64_t row) {
  return to_json<nlohmann::ordered_json>(array, row)
      .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace larkbase::columnar
