#pragma once
// A constraint operand with SQL comparison semantics. Numbers (bool as 0/1, int64,
// double) compare numerically and exactly (an int64 is never rounded to a double to
// compare); text compares byte-wise (SQLite's BINARY collation, Athena's varchar
// order). Across classes the order is SQLite's: NULL < numbers < text.
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "common/json.hpp"

namespace larkbase::pushdown {

class Value {
 public:
  Value() = default;  // NULL
  Value(bool v) : data_(v) {}
  Value(int v) : data_(int64_t{v}) {}
  Value(int64_t v) : data_(v) {}
  Value(double v) : data_(v) {}
  Value(std::string v) : data_(std::move(v)) {}
  Value(std::string_view v) : data_(std::string(v)) {}
  Value(const char* v) : data_(std::string(v)) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(data_); }
  bool is_bool() const { return std::holds_alternative<bool>(data_); }
  bool is_int() const { return std::holds_alternative<int64_t>(data_); }
  bool is_double() const { return std::holds_alternative<double>(data_); }
  bool is_string() const { return std::holds_alternative<std::string>(data_); }
  // bool, int64 or double.
  bool is_number() const { return is_bool() || is_int() || is_double(); }

  bool as_bool() const { return std::get<bool>(data_); }
  int64_t as_int() const { return std::get<int64_t>(data_); }
  double as_double() const { return std::get<double>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }

  // A SQL-literal-like text for explain output and messages: NULL, true, 12, 1.5, 'it''s'.
  std::string to_sql() const;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string> data_;
};

// Total order used by value sets: NULL < numbers < text; numbers exact; NaN sorts
// after every other number (and equals itself) so the order stays total.
std::strong_ordering compare(const Value& a, const Value& b);
inline bool operator==(const Value& a, const Value& b) { return compare(a, b) == 0; }
inline bool operator<(const Value& a, const Value& b) { return compare(a, b) < 0; }

// Exact comparisons of a cell value with an operand (no intermediate rounding).
std::strong_ordering compare_number(int64_t cell, const Value& operand);
std::strong_ordering compare_number(double cell, const Value& operand);
std::strong_ordering compare_text(std::string_view cell, const Value& operand);
// -1/0/1 of an int64 against a double, exactly; NaN is greater than everything.
int compare_int_double(int64_t a, double b);

// JSON: null, true/false, integer, float (nlohmann keeps the integer/float
// distinction, so a round trip keeps the type), string.
common::Json to_json(const Value& value);
// Throws UserError naming `what` when the JSON is an array or object.
Value value_from_json(const common::Json& json, std::string_view what);

}  // namespace larkbase::pushdown
