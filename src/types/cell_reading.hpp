#pragma once
// The small readers the cell converter's files share (cell_converter.cpp:
// dispatch and scalars; cell_text.cpp: text and formula rendering;
// cell_lists.cpp: lists and people; cell_objects.cpp: url and location).
// Internal to src/types.
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "types/cell_converter.hpp"
#include "types/json_access.hpp"

namespace larkbase::types::cell_reading {

using columnar::ArrayBuilder;
using columnar::BoolBuilder;
using columnar::Float64Builder;
using columnar::Int32Builder;
using columnar::Int64Builder;
using columnar::ListBuilder;
using columnar::StringBuilder;
using columnar::StructBuilder;
using ondemand::json_type;

using json::key_is;
using json::operator""_key;
using json::ref;
using json::take;
using json::type_of;

// The raw text of the object starting at `start` (a valid JSON object: the document's
// structure was checked by simdjson's first stage).
inline std::string_view object_text(const char* start) {
  int depth = 0;
  bool in_string = false;
  const char* p = start;
  for (;; ++p) {
    char c = *p;
    if (in_string) {
      if (c == '\\') {
        ++p;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return {start, size_t(p - start + 1)};
    }
  }
}

inline std::string_view trim_right(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' ||
                           text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

inline std::string_view strip_mailto(std::string_view text) {
  constexpr std::string_view kMailto = "mailto:";
  if (text.size() >= kMailto.size() && text.substr(0, kMailto.size()) == kMailto) {
    text.remove_prefix(kMailto.size());
  }
  return text;
}

// The string of `value` when it is a string; false otherwise (nothing consumed).
inline bool read_string(ondemand::value& value, std::string_view& out) {
  if (type_of(value) != json_type::string) return false;
  out = take(value.get_string());
  return true;
}

// Shortest round-trip text of a number (`12`, not `12.0`).
inline CellStatus render_number(ondemand::value& value, std::string& out) {
  ondemand::number_type kind{};
  if (value.get_number_type().get(kind)) return CellStatus::kBad;
  char buffer[32];
  std::to_chars_result result{};
  if (kind == ondemand::number_type::signed_integer) {
    result = std::to_chars(buffer, buffer + sizeof buffer, take(value.get_int64()));
  } else if (kind == ondemand::number_type::unsigned_integer) {
    result = std::to_chars(buffer, buffer + sizeof buffer, take(value.get_uint64()));
  } else {
    result = std::to_chars(buffer, buffer + sizeof buffer, take(value.get_double()));
  }
  out.append(buffer, result.ptr);
  return CellStatus::kValue;
}

inline CellStatus read_double(ondemand::value& value, double& out) {
  if (type_of(value) != json_type::number) return CellStatus::kBad;
  return value.get_double().get(out) ? CellStatus::kBad : CellStatus::kValue;
}

// An integral number; a fraction is floored when `floor_fraction`, else it is bad.
inline CellStatus read_integral(ondemand::value& value, int64_t& out, bool floor_fraction) {
  if (type_of(value) != json_type::number) return CellStatus::kBad;
  ondemand::number_type kind{};
  if (value.get_number_type().get(kind)) return CellStatus::kBad;
  if (kind == ondemand::number_type::signed_integer) {
    return value.get_int64().get(out) ? CellStatus::kBad : CellStatus::kValue;
  }
  if (kind == ondemand::number_type::unsigned_integer) return CellStatus::kBad;  // >= 2^63
  double number = 0;
  if (value.get_double().get(number) || !std::isfinite(number)) return CellStatus::kBad;
  double whole = floor_fraction ? std::floor(number) : number;
  if (whole != std::trunc(whole)) return CellStatus::kBad;
  if (whole < -9223372036854775808.0 || whole >= 9223372036854775808.0) return CellStatus::kBad;
  out = static_cast<int64_t>(whole);
  return CellStatus::kValue;
}

inline void append_member(ArrayBuilder& builder, bool present, std::string_view text) {
  auto& strings = static_cast<StringBuilder&>(builder);
  if (present) {
    strings.append(text);
  } else {
    strings.append_null();
  }
}

// Reads the string members of an object into `views` by key; a member that is not
// a string is left absent and reported through `bad`.
template <size_t N>
inline void read_string_members(ondemand::object object, const std::array<json::RawKey, N>& keys,
                                std::array<std::string_view, N>& views,
                                std::array<bool, N>& present, bool& bad) {
  for (auto member_result : object) {
    ondemand::field& member = ref(member_result);
    int index = json::key_index(member, keys);
    if (index < 0) continue;
    ondemand::value& value = member.value();
    if (type_of(value) == json_type::null) continue;
    present[size_t(index)] = read_string(value, views[size_t(index)]);
    bad = bad || !present[size_t(index)];
  }
}

// The member names read_string_members looks for, per object shape.
inline constexpr std::array kSegmentKeys{"text"_key, "link"_key};
inline constexpr std::array kChatKeys{"id"_key};
inline constexpr std::array kRenderKeys{"text"_key, "name"_key, "id"_key};
inline constexpr std::array kPersonKeys{"id"_key, "name"_key, "email"_key};
inline constexpr std::array kUrlKeys{"text"_key, "link"_key};
inline constexpr std::array kAttachmentKeys{"name"_key, "url"_key, "type"_key, "file_token"_key};
// Struct order: location, latitude, longitude, address, full_address, name, pname,
// cityname, adname; the string members here skip the two numbers.
inline constexpr std::array kLocationKeys{"location"_key, "address"_key, "full_address"_key,
                                          "name"_key,     "pname"_key,   "cityname"_key,
                                          "adname"_key};

// One list cell: `add_items(count)` appends the items to the list's values and
// counts them (false: the cell has the wrong shape). No item is NULL.
template <class AddItems>
CellStatus list_cell(ArrayBuilder& builder, AddItems&& add_items) {
  auto& list = static_cast<ListBuilder&>(builder);
  int64_t count = 0;
  if (!add_items(count)) return CellStatus::kBad;
  if (count == 0) return CellStatus::kNull;
  list.end_list();
  return CellStatus::kValue;
}

}  // namespace larkbase::types::cell_reading
