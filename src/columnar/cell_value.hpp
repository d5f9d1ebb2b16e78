#pragma once
// Typed reads of one cell of any reader-side type, and the text forms of dates,
// timestamps and decimals. The caller checks is_null(row) first; each accessor
// throws InternalError when the array's type is not one it reads.
#include <cstdint>
#include <string>
#include <string_view>

#include "columnar/array.hpp"

namespace larkbase::columnar {

int64_t get_int(const ArrayData& array, int64_t row);  // Int8/16/32/64
// Float32/64, any Int, and Decimal128 (nearest double).
double get_double(const ArrayData& array, int64_t row);
bool get_bool(const ArrayData& array, int64_t row);
std::string_view get_string(const ArrayData& array, int64_t row);  // Utf8, Binary
// Decimal128 as exact text with the type's scale, e.g. "-12.340" for scale 3.
std::string get_decimal_string(const ArrayData& array, int64_t row);
double get_decimal_double(const ArrayData& array, int64_t row);
int32_t get_date_days(const ArrayData& array, int64_t row);         // DateDay
int64_t get_date_millis(const ArrayData& array, int64_t row);       // DateMilli, DateDay
int64_t get_timestamp(const ArrayData& array, int64_t row);         // raw, in the type's unit
int64_t get_timestamp_millis(const ArrayData& array, int64_t row);  // floored to ms

// "2024-03-01".
std::string format_date(int64_t days_since_epoch);
// "2024-03-01T12:00:00.123Z": UTC, with 0/3/6/9 fraction digits by unit.
std::string format_timestamp(int64_t value, TimeUnit unit);
// Two's complement little-endian 128-bit integer scaled by 10^-scale, as text.
std::string format_decimal128(const uint8_t* bytes16, int32_t scale);

}  // namespace larkbase::columnar
