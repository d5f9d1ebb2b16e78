#include "pushdown/lark_values.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace larkbase::pushdown {

std::string shortest_decimal(double value) {
  char buffer[400];  // fixed notation of DBL_MAX needs 309 digits; subnormals ~770: see below
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (result.ec == std::errc()) return std::string(buffer, result.ptr);
  // Only tiny subnormal magnitudes need more room.
  std::string big(1200, '\0');
  result = std::to_chars(big.data(), big.data() + big.size(), value, std::chars_format::fixed);
  big.resize(static_cast<size_t>(result.ptr - big.data()));
  return big;
}

std::optional<std::string> encode_number(const Value& v, Rounding rounding, bool* exact) {
  if (exact != nullptr) *exact = true;
  if (v.is_bool()) return std::string(v.as_bool() ? "1" : "0");
  if (v.is_double()) {
    if (!std::isfinite(v.as_double())) return std::nullopt;
    return shortest_decimal(v.as_double());
  }
  if (!v.is_int()) return std::nullopt;
  int64_t i = v.as_int();
  auto d = static_cast<double>(i);
  int c = compare_int_double(i, d);
  if (c == 0) return std::to_string(i);
  if (exact != nullptr) *exact = false;
  if (rounding == Rounding::kDown && c < 0) d = std::nextafter(d, -INFINITY);
  if (rounding == Rounding::kUp && c > 0) d = std::nextafter(d, INFINITY);
  return shortest_decimal(d);
}

std::optional<int64_t> instant_of(const Value& v, Rounding rounding) {
  if (v.is_int()) return v.as_int();
  if (!v.is_double()) return std::nullopt;
  double d = v.as_double();
  if (!std::isfinite(d)) return std::nullopt;
  d = rounding == Rounding::kDown ? std::floor(d)
      : rounding == Rounding::kUp ? std::ceil(d)
                                  : std::round(d);
  if (d < -9223372036854775808.0 || d >= 9223372036854775808.0) return std::nullopt;
  return static_cast<int64_t>(d);
}

namespace {
constexpr int64_t kMaxInstantMs = 8'640'000'000'000'000LL;

std::optional<std::string> widened(int64_t ms, int64_t delta) {
  int64_t out;
  if (__builtin_add_overflow(ms, delta, &out) || out > kMaxInstantMs || out < -kMaxInstantMs) {
    return std::nullopt;
  }
  return std::to_string(out);
}
}  // namespace

std::optional<std::string> exact_date_before(int64_t low_ms) {
  return widened(low_ms, -kDateWideningMs);
}

std::optional<std::string> exact_date_after(int64_t high_ms) {
  return widened(high_ms, kDateWideningMs);
}

}  // namespace larkbase::pushdown
