// Date filters: ExactDate truncated to the day of the Base's time zone, the day
// comparisons at a boundary, and the keywords at a fixed "now".
#include "query_fixtures.hpp"

namespace larkbase::emulator::query::testing {
namespace {

const Json kNoCell = nullptr;
constexpr int64_t kHourMs = 3'600'000;

Semantics in_zone(const std::string& zone) {
  Semantics semantics;
  semantics.time_zone = zone;
  semantics.utc_offset_minutes = parse_time_zone(zone);
  return semantics;
}

Json exact(int64_t ms) { return Json::array({"ExactDate", std::to_string(ms)}); }

// Epoch ms of a wall-clock time in UTC+8.
int64_t shanghai(int y, unsigned m, unsigned d, int hour = 0, int minute = 0) {
  return utc_ms(y, m, d, hour, minute) - 8 * kHourMs;
}

TEST(DateFilter, FixtureCalendarIsRight) {
  EXPECT_EQ(utc_ms(2023, 12, 12), 1702339200000);
  EXPECT_EQ(utc_ms(1970, 1, 1), 0);
  EXPECT_EQ(shanghai(1970, 1, 1, 8), 0);
}

// 2023-12-11 20:00 UTC is 2023-12-12 04:00 in UTC+8: a different calendar day.
TEST(DateFilter, ExactDateIsTruncatedToTheDayOfTheBaseTimeZone) {
  const int64_t pivot = utc_ms(2023, 12, 11, 20);
  const int64_t morning_of_12th_utc8 = utc_ms(2023, 12, 12, 2);  // 10:00 on the 12th in UTC+8
  const int64_t morning_of_11th_utc = utc_ms(2023, 12, 11, 8);   // 16:00 on the 11th in UTC+8
  Semantics utc8 = in_zone("Asia/Shanghai");
  Semantics utc = in_zone("UTC");

  EXPECT_TRUE(one("Due", "is", exact(pivot), morning_of_12th_utc8, utc8));
  EXPECT_FALSE(one("Due", "is", exact(pivot), morning_of_11th_utc, utc8));
  EXPECT_TRUE(one("Due", "is", exact(pivot), morning_of_11th_utc, utc));
  EXPECT_FALSE(one("Due", "is", exact(pivot), morning_of_12th_utc8, utc));
}

TEST(DateFilter, IsCoversExactlyOneCalendarDay) {
  const int64_t noon = shanghai(2023, 12, 12, 12);
  EXPECT_TRUE(one("Due", "is", exact(noon), shanghai(2023, 12, 12, 0)));
  EXPECT_TRUE(one("Due", "is", exact(noon), shanghai(2023, 12, 13, 0) - 1));
  EXPECT_FALSE(one("Due", "is", exact(noon), shanghai(2023, 12, 13, 0)));
  EXPECT_FALSE(one("Due", "is", exact(noon), shanghai(2023, 12, 12, 0) - 1));
  EXPECT_FALSE(one("Due", "is", exact(noon), kNoCell));
}

TEST(DateFilter, DefaultZoneIsShanghaiAndOffsetsWork) {
  Semantics defaults;
  EXPECT_EQ(defaults.utc_offset_minutes, 480);
  const int64_t pivot = utc_ms(2023, 12, 11, 20);
  Semantics minus5 = in_zone("-05:00");
  // In UTC-5 the pivot is 15:00 on the 11th; 2023-12-12 04:00 UTC is 23:00 on the 11th there.
  EXPECT_TRUE(one("Due", "is", exact(pivot), utc_ms(2023, 12, 12, 4), minus5));
  EXPECT_FALSE(one("Due", "is", exact(pivot), utc_ms(2023, 12, 12, 5), minus5));
}

TEST(DateFilter, IsGreaterAtADayBoundaryUnderBothComparisons) {
  const Json day = exact(shanghai(2023, 12, 12, 15));
  const int64_t start = shanghai(2023, 12, 12);
  const int64_t next = shanghai(2023, 12, 13);
  Semantics whole;  // default: kWholeDay
  Semantics from_start;
  from_start.day_comparison = DayComparison::kStartOfDay;

  EXPECT_FALSE(one("Due", "isGreater", day, start, whole));
  EXPECT_FALSE(one("Due", "isGreater", day, start + 1, whole));
  EXPECT_FALSE(one("Due", "isGreater", day, next - 1, whole));
  EXPECT_TRUE(one("Due", "isGreater", day, next, whole));

  EXPECT_FALSE(one("Due", "isGreater", day, start, from_start));
  EXPECT_TRUE(one("Due", "isGreater", day, start + 1, from_start));
  EXPECT_TRUE(one("Due", "isGreater", day, next - 1, from_start));
  EXPECT_TRUE(one("Due", "isGreater", day, next, from_start));

  for (const Semantics& semantics : {whole, from_start}) {
    EXPECT_TRUE(one("Due", "isLess", day, start - 1, semantics));
    EXPECT_FALSE(one("Due", "isLess", day, start, semantics));
    EXPECT_FALSE(one("Due", "isLess", day, next - 1, semantics));
    EXPECT_FALSE(one("Due", "isGreater", day, kNoCell, semantics));
    EXPECT_FALSE(one("Due", "isLess", day, kNoCell, semantics));
  }
}

TEST(DateFilter, Emptiness) {
  EXPECT_TRUE(one("Due", "isEmpty", Json::array(), kNoCell));
  EXPECT_FALSE(one("Due", "isEmpty", Json::array(), 0));  // 1970-01-01 is a date, not empty
  EXPECT_TRUE(one("Due", "isNotEmpty", Json::array(), 1702339200000));
}

class DateKeywords : public ::testing::Test {
 protected:
  // Thursday 2024-02-29 10:00 in UTC+8 (a leap day).
  DateKeywords() { semantics_.now_ms = shanghai(2024, 2, 29, 10); }

  bool is(const char* keyword, int64_t cell) const {
    return one("Due", "is", {keyword}, cell, semantics_);
  }

  Semantics semantics_;
};

TEST_F(DateKeywords, TodayTomorrowYesterday) {
  EXPECT_TRUE(is("Today", shanghai(2024, 2, 29)));
  EXPECT_TRUE(is("Today", shanghai(2024, 2, 29, 23, 59)));
  EXPECT_FALSE(is("Today", shanghai(2024, 3, 1)));
  EXPECT_FALSE(is("Today", shanghai(2024, 2, 28, 23)));
  EXPECT_TRUE(is("Yesterday", shanghai(2024, 2, 28, 9)));
  EXPECT_FALSE(is("Yesterday", shanghai(2024, 2, 29, 9)));
  EXPECT_TRUE(is("Tomorrow", shanghai(2024, 3, 1, 9)));
  EXPECT_FALSE(is("Tomorrow", shanghai(2024, 3, 2)));
}

TEST_F(DateKeywords, DayKeywordsWithComparisons) {
  EXPECT_TRUE(one("Due", "isGreater", {"Today"}, shanghai(2024, 3, 1), semantics_));
  EXPECT_FALSE(one("Due", "isGreater", {"Today"}, shanghai(2024, 2, 29, 23), semantics_));
  EXPECT_TRUE(one("Due", "isLess", {"Today"}, shanghai(2024, 2, 28, 23, 59), semantics_));
  EXPECT_FALSE(one("Due", "isLess", {"Today"}, shanghai(2024, 2, 29), semantics_));
  EXPECT_TRUE(one("Due", "isGreater", {"Yesterday"}, shanghai(2024, 2, 29), semantics_));
  EXPECT_TRUE(one("Due", "isLess", {"Tomorrow"}, shanghai(2024, 2, 29, 23), semantics_));
}

TEST_F(DateKeywords, CalendarWeeksStartOnMondayOrSunday) {
  EXPECT_TRUE(is("CurrentWeek", shanghai(2024, 2, 26)));
  EXPECT_TRUE(is("CurrentWeek", shanghai(2024, 3, 3, 23, 59)));
  EXPECT_FALSE(is("CurrentWeek", shanghai(2024, 3, 4)));
  EXPECT_FALSE(is("CurrentWeek", shanghai(2024, 2, 25, 23, 59)));
  EXPECT_TRUE(is("LastWeek", shanghai(2024, 2, 19)));
  EXPECT_TRUE(is("LastWeek", shanghai(2024, 2, 25, 23, 59)));
  EXPECT_FALSE(is("LastWeek", shanghai(2024, 2, 26)));
  EXPECT_FALSE(is("LastWeek", shanghai(2024, 2, 18, 23)));

  semantics_.week_starts_sunday = true;
  EXPECT_TRUE(is("CurrentWeek", shanghai(2024, 2, 25)));
  EXPECT_TRUE(is("CurrentWeek", shanghai(2024, 3, 2, 23)));
  EXPECT_FALSE(is("CurrentWeek", shanghai(2024, 3, 3)));
  EXPECT_TRUE(is("LastWeek", shanghai(2024, 2, 18)));
  EXPECT_FALSE(is("LastWeek", shanghai(2024, 2, 25)));
}

TEST_F(DateKeywords, CalendarMonths) {
  EXPECT_TRUE(is("CurrentMonth", shanghai(2024, 2, 1)));
  EXPECT_TRUE(is("CurrentMonth", shanghai(2024, 2, 29, 23, 59)));
  EXPECT_FALSE(is("CurrentMonth", shanghai(2024, 3, 1)));
  EXPECT_FALSE(is("CurrentMonth", shanghai(2024, 1, 31, 23, 59)));
  EXPECT_TRUE(is("LastMonth", shanghai(2024, 1, 1)));
  EXPECT_TRUE(is("LastMonth", shanghai(2024, 1, 31, 23)));
  EXPECT_FALSE(is("LastMonth", shanghai(2024, 2, 1)));
  EXPECT_FALSE(is("LastMonth", shanghai(2023, 12, 31, 23)));

  semantics_.now_ms = shanghai(2024, 1, 15, 12);  // last month crosses the year
  EXPECT_TRUE(is("LastMonth", shanghai(2023, 12, 1)));
  EXPECT_TRUE(is("LastMonth", shanghai(2023, 12, 31, 23)));
  EXPECT_FALSE(is("LastMonth", shanghai(2024, 1, 1)));
  EXPECT_FALSE(is("LastMonth", shanghai(2023, 11, 30, 23)));
}

TEST_F(DateKeywords, RollingWindows) {
  EXPECT_TRUE(is("TheLastWeek", shanghai(2024, 2, 23)));
  EXPECT_TRUE(is("TheLastWeek", shanghai(2024, 2, 29, 23)));
  EXPECT_FALSE(is("TheLastWeek", shanghai(2024, 2, 22, 23, 59)));
  EXPECT_FALSE(is("TheLastWeek", shanghai(2024, 3, 1)));
  EXPECT_TRUE(is("TheNextWeek", shanghai(2024, 2, 29)));
  EXPECT_TRUE(is("TheNextWeek", shanghai(2024, 3, 6, 23, 59)));
  EXPECT_FALSE(is("TheNextWeek", shanghai(2024, 3, 7)));
  EXPECT_FALSE(is("TheNextWeek", shanghai(2024, 2, 28, 23)));
  EXPECT_TRUE(is("TheLastMonth", shanghai(2024, 1, 31)));
  EXPECT_FALSE(is("TheLastMonth", shanghai(2024, 1, 30, 23)));
  EXPECT_TRUE(is("TheNextMonth", shanghai(2024, 3, 29, 23)));
  EXPECT_FALSE(is("TheNextMonth", shanghai(2024, 3, 30)));
}

TEST_F(DateKeywords, TodayDependsOnTheTimeZone) {
  const int64_t now = utc_ms(2024, 2, 29, 20);  // 04:00 on 1 March in UTC+8
  Semantics utc8 = in_zone("Asia/Shanghai");
  utc8.now_ms = now;
  Semantics utc = in_zone("UTC");
  utc.now_ms = now;
  const int64_t march_1_noon_utc = utc_ms(2024, 3, 1, 12);
  const int64_t feb_29_noon_utc = utc_ms(2024, 2, 29, 12);
  EXPECT_TRUE(one("Due", "is", {"Today"}, march_1_noon_utc, utc8));
  EXPECT_FALSE(one("Due", "is", {"Today"}, feb_29_noon_utc, utc8));
  EXPECT_TRUE(one("Due", "is", {"Today"}, feb_29_noon_utc, utc));
  EXPECT_FALSE(one("Due", "is", {"Today"}, march_1_noon_utc, utc));
}

}  // namespace
}  // namespace larkbase::emulator::query::testing
