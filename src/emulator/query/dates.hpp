#pragma once
// Day arithmetic for date filters: truncating an instant to the calendar day of
// the Base's time zone (a fixed UTC offset) and the day ranges of the date
// keywords (Today, CurrentWeek, TheLastMonth, ...).
#include <cstdint>
#include <optional>
#include <string_view>

#include "emulator/query/semantics.hpp"

namespace larkbase::emulator::query {

inline constexpr int64_t kDayMs = 86'400'000;

// A half-open instant range [begin_ms, end_ms).
struct DayRange {
  int64_t begin_ms = 0;
  int64_t end_ms = 0;
  bool contains(int64_t ms) const { return ms >= begin_ms && ms < end_ms; }
};

// The calendar day (in the zone `utc_offset_minutes` east of UTC) holding `ms`.
DayRange day_of(int64_t ms, int utc_offset_minutes);

// Today, Tomorrow, Yesterday: usable with is, isGreater and isLess.
bool is_day_keyword(std::string_view keyword);

// The range a keyword stands for at `now_ms`, or nullopt for an unknown keyword
// (keywords are case-sensitive). Day keywords give one day; CurrentWeek/LastWeek
// calendar weeks (Monday or Sunday start per semantics); CurrentMonth/LastMonth
// calendar months; TheLastWeek the 7 days ending with today; TheNextWeek the 7
// days starting with today; TheLastMonth / TheNextMonth likewise with 30 days.
std::optional<DayRange> keyword_range(std::string_view keyword, int64_t now_ms,
                                      const Semantics& semantics);

}  // namespace larkbase::emulator::query
