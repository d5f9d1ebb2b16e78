#include "pushdown/value.hpp"

#include <cmath>
#include <limits>

#include "common/error.hpp"

namespace larkbase::pushdown {
namespace {

// NaN compares greater than every number and equal to itself.
std::strong_ordering compare_doubles(double a, double b) {
  bool a_nan = std::isnan(a);
  bool b_nan = std::isnan(b);
  if (a_nan || b_nan)
    return a_nan == b_nan ? std::strong_ordering::equal
           : a_nan        ? std::strong_ordering::greater
                          : std::strong_ordering::less;
  if (a < b) return std::strong_ordering::less;
  if (a > b) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

std::strong_ordering from_int(int c) {
  return c < 0 ? std::strong_ordering::less
               : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

int class_rank(const Value& v) {
  if (v.is_null()) return 0;
  if (v.is_string()) return 2;
  return 1;
}

}  // namespace

int compare_int_double(int64_t a, double b) {
  if (std::isnan(b)) return -1;
  // 2^63 is exactly representable; every int64 is below it and at or above -2^63.
  constexpr double kTwo63 = 9223372036854775808.0;
  if (b >= kTwo63) return -1;
  if (b < -kTwo63) return 1;
  double whole = std::trunc(b);
  auto b_int = static_cast<int64_t>(whole);  // in range: -2^63 <= whole < 2^63
  if (a < b_int) return -1;
  if (a > b_int) return 1;
  double fraction = b - whole;
  if (fraction > 0) return -1;
  if (fraction < 0) return 1;
  return 0;
}

std::strong_ordering compare_number(int64_t cell, const Value& operand) {
  if (operand.is_int()) return cell <=> operand.as_int();
  if (operand.is_double()) return from_int(compare_int_double(cell, operand.as_double()));
  if (operand.is_bool()) return cell <=> int64_t{operand.as_bool() ? 1 : 0};
  return operand.is_null() ? std::strong_ordering::greater : std::strong_ordering::less;
}

std::strong_ordering compare_number(double cell, const Value& operand) {
  if (operand.is_double()) return compare_doubles(cell, operand.as_double());
  if (operand.is_int()) return from_int(-compare_int_double(operand.as_int(), cell));
  if (operand.is_bool()) return compare_doubles(cell, operand.as_bool() ? 1.0 : 0.0);
  return operand.is_null() ? std::strong_ordering::greater : std::strong_ordering::less;
}

std::strong_ordering compare_text(std::string_view cell, const Value& operand) {
  if (!operand.is_string()) return std::strong_ordering::greater;  // text sorts last
  int c = cell.compare(operand.as_string());
  return from_int(c);
}

std::strong_ordering compare(const Value& a, const Value& b) {
  int ra = class_rank(a);
  int rb = class_rank(b);
  if (ra != rb) return ra <=> rb;
  if (ra == 0) return std::strong_ordering::equal;
  if (ra == 2) return compare_text(a.as_string(), b);
  if (a.is_double()) return compare_number(a.as_double(), b);
  if (a.is_int()) return compare_number(a.as_int(), b);
  return compare_number(int64_t{a.as_bool() ? 1 : 0}, b);
}

std::string Value::to_sql() const {
  if (is_null()) return "NULL";
  if (is_bool()) return as_bool() ? "true" : "false";
  if (is_int()) return std::to_string(as_int());
  if (is_double()) return common::Json(as_double()).dump();
  std::string out = "'";
  for (char c : as_string()) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

common::Json to_json(const Value& value) {
  if (value.is_null()) return nullptr;
  if (value.is_bool()) return value.as_bool();
  if (value.is_int()) return value.as_int();
  if (value.is_double()) return value.as_double();
  return value.as_string();
}

Value value_from_json(const common::Json& json, std::string_view what) {
  switch (json.type()) {
    case common::Json::value_t::null:
      return {};
    case common::Json::value_t::boolean:
      return Value(json.get<bool>());
    case common::Json::value_t::number_integer:
      return Value(json.get<int64_t>());
    case common::Json::value_t::number_unsigned: {
      auto u = json.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Value(static_cast<double>(u));
      }
      return Value(static_cast<int64_t>(u));
    }
    case common::Json::value_t::number_float:
      return Value(json.get<double>());
    case common::Json::value_t::string:
      return Value(json.get<std::string>());
    default:
      throw common::UserError(std::string(what) +
                              " must be null, a boolean, a number or a string, got " + json.dump());
  }
}

}  // namespace larkbase::pushdown
