#pragma once
// Epoch-millisecond helpers for the demo's DateTime values (pre-1970 included).
#include <cstdint>
#include <string>

namespace larkbase::emulator::demo {

inline constexpr int64_t kMsPerMinute = 60'000;
inline constexpr int64_t kMsPerHour = 3'600'000;
inline constexpr int64_t kMsPerDay = 86'400'000;
// Lark stores a date picked in the UI as 00:00 in the Base's time zone; the demo
// Bases use Asia/Shanghai (UTC+8).
inline constexpr int64_t kBaseZoneOffsetMs = 8 * kMsPerHour;

// Days since 1970-01-01 of a proleptic Gregorian date (negative before 1970).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
// Epoch ms of 00:00 of that date in the Base's time zone.
int64_t local_midnight_ms(int64_t year, unsigned month, unsigned day);
// "YYYY-MM-DD" of `epoch_ms` seen in the Base's time zone.
std::string local_date_text(int64_t epoch_ms);

}  // namespace larkbase::emulator::demo
