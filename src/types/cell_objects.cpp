// Cell conversion: the struct rules (url, location).
#include <fmt/format.h>

#include "types/cell_converter.hpp"
#include "types/cell_reading.hpp"

namespace larkbase::types {

using namespace cell_reading;  // the shared readers of this folder

CellStatus CellConverter::url(ondemand::value& value, ArrayBuilder& builder,
                              std::string_view column) {
  if (type_of(value) != json_type::object) return CellStatus::kBad;
  std::array<std::string_view, 2> views;
  std::array<bool, 2> present{};
  bool bad = false;
  read_string_members(take(value.get_object()), kUrlKeys, views, present, bad);
  if (bad) warnings_.add(column, "a url member is not a string");
  auto& record = static_cast<StructBuilder&>(builder);
  append_member(record.child(0), present[0], views[0]);
  append_member(record.child(1), present[1], views[1]);
  record.append_valid();
  return CellStatus::kValue;
}

CellStatus CellConverter::location(ondemand::value& value, ArrayBuilder& builder,
                                   std::string_view column) {
  if (type_of(value) != json_type::object) return CellStatus::kBad;
  std::array<std::string_view, 7> views;
  std::array<bool, 7> present{};
  bool bad = false;
  read_string_members(take(value.get_object()), kLocationKeys, views, present, bad);
  double latitude = 0, longitude = 0;
  bool has_coordinates = false;
  if (present[0]) {
    // "lng,lat": the longitude comes first.
    std::string_view text = views[0];
    size_t comma = text.find(',');
    if (comma != text.npos) {
      auto first = std::from_chars(text.data(), text.data() + comma, longitude);
      auto second = std::from_chars(text.data() + comma + 1, text.data() + text.size(), latitude);
      has_coordinates = first.ec == std::errc() && first.ptr == text.data() + comma &&
                        second.ec == std::errc() && second.ptr == text.data() + text.size();
    }
    bad = bad || !has_coordinates;
  }
  if (bad) warnings_.add(column, "a location member is malformed");
  auto& record = static_cast<StructBuilder&>(builder);
  append_member(record.child(0), present[0], views[0]);
  auto& lat = record.child<Float64Builder>(1);
  auto& lng = record.child<Float64Builder>(2);
  if (has_coordinates) {
    lat.append(latitude);
    lng.append(longitude);
  } else {
    lat.append_null();
    lng.append_null();
  }
  for (size_t i = 1; i < kLocationKeys.size(); ++i)
    append_member(record.child(i + 2), present[i], views[i]);
  record.append_valid();
  return CellStatus::kValue;
}

}  // namespace larkbase::types
