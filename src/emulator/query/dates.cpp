#include "emulator/query/dates.hpp"

#include <chrono>

namespace larkbase::emulator::query {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t offset_ms(int utc_offset_minutes) { return int64_t{utc_offset_minutes} * 60'000; }

// Local day number (days since 1970-01-01 in the zone) of an instant.
int64_t local_day(int64_t ms, int utc_offset_minutes) {
  return floor_div(ms + offset_ms(utc_offset_minutes), kDayMs);
}

// Instant range of local days [first, last_exclusive).
DayRange days_range(int64_t first, int64_t last_exclusive, int utc_offset_minutes) {
  return {first * kDayMs - offset_ms(utc_offset_minutes),
          last_exclusive * kDayMs - offset_ms(utc_offset_minutes)};
}

int64_t month_start_day(std::chrono::year_month_day ymd) {
  sys_days first{ymd.year() / ymd.month() / 1};
  return first.time_since_epoch().count();
}

}  // namespace

DayRange day_of(int64_t ms, int utc_offset_minutes) {
  int64_t day = local_day(ms, utc_offset_minutes);
  return days_range(day, day + 1, utc_offset_minutes);
}

bool is_day_keyword(std::string_view keyword) {
  return keyword == "Today" || keyword == "Tomorrow" || keyword == "Yesterday";
}

std::optional<DayRange> keyword_range(std::string_view keyword, int64_t now_ms,
                                      const Semantics& semantics) {
  const int offset = semantics.utc_offset_minutes;
  const int64_t today = local_day(now_ms, offset);
  if (keyword == "Today") return days_range(today, today + 1, offset);
  if (keyword == "Tomorrow") return days_range(today + 1, today + 2, offset);
  if (keyword == "Yesterday") return days_range(today - 1, today, offset);
  if (keyword == "TheLastWeek") return days_range(today - 6, today + 1, offset);
  if (keyword == "TheNextWeek") return days_range(today, today + 7, offset);
  if (keyword == "TheLastMonth") return days_range(today - 29, today + 1, offset);
  if (keyword == "TheNextMonth") return days_range(today, today + 30, offset);

  if (keyword == "CurrentWeek" || keyword == "LastWeek") {
    std::chrono::weekday weekday{sys_days{days{today}}};
    // c_encoding: Sunday = 0 ... Saturday = 6.
    int64_t since_start =
        semantics.week_starts_sunday ? weekday.c_encoding() : (weekday.c_encoding() + 6) % 7;
    int64_t week_start = today - since_start;
    if (keyword == "LastWeek") week_start -= 7;
    return days_range(week_start, week_start + 7, offset);
  }
  if (keyword == "CurrentMonth" || keyword == "LastMonth") {
    std::chrono::year_month_day ymd{sys_days{days{today}}};
    std::chrono::year_month_day first = ymd.year() / ymd.month() / 1;
    if (keyword == "LastMonth") first = first - std::chrono::months{1};
    std::chrono::year_month_day next = first + std::chrono::months{1};
    return days_range(month_start_day(first), month_start_day(next), offset);
  }
  return std::nullopt;
}

}  // namespace larkbase::emulator::query
