#pragma once
// Operand encodings of Lark filter conditions (lark-open-api.md §4.3): numbers as
// decimal strings that parse back to the exact double Lark compares with, and the
// day-widened ExactDate bounds of date conditions (docs/pushdown.md has the proof).
#include <cstdint>
#include <optional>
#include <string>

#include "pushdown/value.hpp"

namespace larkbase::pushdown {

// Widening applied to every date bound: 3 days. Enough for any base time zone
// (UTC−12..UTC+14), the filter operand and the cell truncated in different zones,
// days of 23 or 25 hours, and both readings of isGreater (after the whole day, or
// after its 00:00). See docs/pushdown.md "Dates".
inline constexpr int64_t kDateWideningMs = 3 * 86'400'000LL;

// Which way an operand may be moved when it is not exactly representable as the
// double Lark compares with: kDown for lower bounds, kUp for upper bounds.
enum class Rounding { kNearest, kDown, kUp };

// A finite number operand as the shortest decimal string (plain notation, never
// an exponent) of a double. nullopt for non-numbers and non-finite values.
// `exact` is set to false when the double differs from the operand (an int64
// beyond 2^53), in which case it was rounded as asked.
std::optional<std::string> encode_number(const Value& v, Rounding rounding, bool* exact = nullptr);

// The shortest plain decimal text of a finite double: 0.1 → "0.1", 1e21 →
// "1000000000000000000000", -0.0 → "-0".
std::string shortest_decimal(double value);

// An epoch-milliseconds operand as an int64 instant, rounded as asked for a
// double (floor for kDown, ceil for kUp); nullopt for non-numbers, NaN, infinity
// and values outside the int64 range.
std::optional<int64_t> instant_of(const Value& v, Rounding rounding);

// The ExactDate operand for a lower bound L (isGreater) and an upper bound H
// (isLess), widened by kDateWideningMs; nullopt when the widened instant is
// outside ±8.64e15 ms (the range of a JavaScript Date), where no cell can be and
// Lark's parsing is unknown: the bound is then not pushed.
std::optional<std::string> exact_date_before(int64_t low_ms);
std::optional<std::string> exact_date_after(int64_t high_ms);

}  // namespace larkbase::pushdown
