#include "columnar/cell_value.hpp"

#include <array>
#include <charconv>
#include <chrono>

#include <fmt/format.h>

#include "common/error.hpp"

namespace larkbase::columnar {
namespace {

[[noreturn]] void wrong_type(const ArrayData& array, const char* accessor) {
  throw common::InternalError(
      fmt::format("{} cannot read a {} column", accessor, array.type->to_string()));
}

int64_t floor_div(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

int64_t units_per_second(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return 1;
    case TimeUnit::kMilli:
      return 1000;
    case TimeUnit::kMicro:
      return 1000000;
    case TimeUnit::kNano:
      return 1000000000;
  }
  return 1;
}

// 128-bit magnitude as four 32-bit limbs, least significant first.
using Limbs = std::array<uint32_t, 4>;

bool negate_if_negative(Limbs& limbs) {
  if ((limbs[3] & 0x80000000u) == 0) return false;
  uint64_t carry = 1;
  for (uint32_t& limb : limbs) {
    uint64_t sum = uint64_t(uint32_t(~limb)) + carry;
    limb = uint32_t(sum);
    carry = sum >> 32;
  }
  return true;
}

uint32_t divide_by_10(Limbs& limbs) {
  uint64_t remainder = 0;
  for (int i = 3; i >= 0; --i) {
    uint64_t current = (remainder << 32) | limbs[size_t(i)];
    limbs[size_t(i)] = uint32_t(current / 10);
    remainder = current % 10;
  }
  return uint32_t(remainder);
}

bool is_zero(const Limbs& limbs) { return (limbs[0] | limbs[1] | limbs[2] | limbs[3]) == 0; }

}  // namespace

int64_t get_int(const ArrayData& array, int64_t row) {
  switch (array.type->id) {
    case TypeId::kInt8:
      return array.value<int8_t>(row);
    case TypeId::kInt16:
      return array.value<int16_t>(row);
    case TypeId::kInt32:
      return array.value<int32_t>(row);
    case TypeId::kInt64:
      return array.value<int64_t>(row);
    default:
      wrong_type(array, "get_int");
  }
}

double get_double(const ArrayData& array, int64_t row) {
  switch (array.type->id) {
    case TypeId::kFloat32:
      return array.value<float>(row);
    case TypeId::kFloat64:
      return array.value<double>(row);
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return double(get_int(array, row));
    case TypeId::kDecimal128:
      return get_decimal_double(array, row);
    default:
      wrong_type(array, "get_double");
  }
}

bool get_bool(const ArrayData& array, int64_t row) {
  if (array.type->id != TypeId::kBool) wrong_type(array, "get_bool");
  return array.bool_value(row);
}

std::string_view get_string(const ArrayData& array, int64_t row) {
  if (array.type->id != TypeId::kUtf8 && array.type->id != TypeId::kBinary) {
    wrong_type(array, "get_string");
  }
  return array.string_value(row);
}

std::string get_decimal_string(const ArrayData& array, int64_t row) {
  if (array.type->id != TypeId::kDecimal128) wrong_type(array, "get_decimal_string");
  return format_decimal128(array.buffers[1]->data() + (array.offset + row) * 16, array.type->scale);
}

double get_decimal_double(const ArrayData& array, int64_t row) {
  std::string text = get_decimal_string(array, row);
  double out = 0;
  std::from_chars(text.data(), text.data() + text.size(), out);
  return out;
}

int32_t get_date_days(const ArrayData& array, int64_t row) {
  if (array.type->id != TypeId::kDateDay) wrong_type(array, "get_date_days");
  return array.value<int32_t>(row);
}

int64_t get_date_millis(const ArrayData& array, int64_t row) {
  if (array.type->id == TypeId::kDateDay) return int64_t(array.value<int32_t>(row)) * 86400000;
  if (array.type->id != TypeId::kDateMilli) wrong_type(array, "get_date_millis");
  return array.value<int64_t>(row);
}

int64_t get_timestamp(const ArrayData& array, int64_t row) {
  if (array.type->id != TypeId::kTimestamp) wrong_type(array, "get_timestamp");
  return array.value<int64_t>(row);
}

int64_t get_timestamp_millis(const ArrayData& array, int64_t row) {
  int64_t value = get_timestamp(array, row);
  switch (array.type->unit) {
    case TimeUnit::kSecond:
      return value * 1000;
    case TimeUnit::kMilli:
      return value;
    case TimeUnit::kMicro:
      return floor_div(value, 1000);
    case TimeUnit::kNano:
      return floor_div(value, 1000000);
  }
  return value;
}

std::string format_date(int64_t days_since_epoch) {
  using namespace std::chrono;
  const year_month_day date{sys_days{days{days_since_epoch}}};
  return fmt::format("{:04}-{:02}-{:02}", int(date.year()), unsigned(date.month()),
                     unsigned(date.day()));
}

std::string format_timestamp(int64_t value, TimeUnit unit) {
  const int64_t per_second = units_per_second(unit);
  const int64_t seconds = floor_div(value, per_second);
  const int64_t fraction = value - seconds * per_second;
  const int64_t days = floor_div(seconds, 86400);
  const int64_t in_day = seconds - days * 86400;
  std::string out = fmt::format("{}T{:02}:{:02}:{:02}", format_date(days), in_day / 3600,
                                in_day / 60 % 60, in_day % 60);
  switch (unit) {
    case TimeUnit::kSecond:
      break;
    case TimeUnit::kMilli:
      out += fmt::format(".{:03}", fraction);
      break;
    case TimeUnit::kMicro:
      out += fmt::format(".{:06}", fraction);
      break;
    case TimeUnit::kNano:
      out += fmt::format(".{:09}", fraction);
      break;
  }
  return out + "Z";
}

std::string format_decimal128(const uint8_t* bytes16, int32_t scale) {
  Limbs limbs;
  std::memcpy(limbs.data(), bytes16, 16);  // little endian, as on every supported host
  const bool negative = negate_if_negative(limbs);
  std::string digits;  // least significant first
  do {
    digits.push_back(char('0' + divide_by_10(limbs)));
  } while (!is_zero(limbs));
  if (scale < 0) digits.insert(0, size_t(-scale), '0');
  while (scale > 0 && digits.size() <= size_t(scale)) digits.push_back('0');
  std::string out = negative ? "-" : "";
  for (size_t i = digits.size(); i-- > 0;) {
    out.push_back(digits[i]);
    if (scale > 0 && i == size_t(scale)) out.push_back('.');
  }
  return out;
}

}  // namespace larkbase::columnar
