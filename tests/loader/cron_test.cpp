#include <gtest/gtest.h>

#include "common/error.hpp"
#include "loader/cron.hpp"
#include "loader/time_util.hpp"

namespace larkbase::loader {
namespace {

Seconds at(const char* text) { return *parse_utc(text); }
std::string next(const char* cron, const char* after) {
  return format_utc(CronExpression::parse(cron).next_after(at(after)));
}

TEST(Cron, EveryMinuteIsStrictlyAfter) {
  EXPECT_EQ(next("* * * * *", "2026-03-01 10:00:00"), "2026-03-01 10:01:00");
  EXPECT_EQ(next("* * * * *", "2026-03-01 10:00:59"), "2026-03-01 10:01:00");
}

TEST(Cron, StepsRangesAndLists) {
  EXPECT_EQ(next("*/15 * * * *", "2026-03-01 10:14:00"), "2026-03-01 10:15:00");
  EXPECT_EQ(next("*/15 * * * *", "2026-03-01 10:45:00"), "2026-03-01 11:00:00");
  EXPECT_EQ(next("5,35 9-10 * * *", "2026-03-01 10:36:00"), "2026-03-02 09:05:00");
  EXPECT_EQ(next("10-20/5 * * * *", "2026-03-01 10:16:00"), "2026-03-01 10:20:00");
  EXPECT_EQ(next("5/20 * * * *", "2026-03-01 10:26:00"), "2026-03-01 10:45:00");
}

TEST(Cron, MonthRollsOverAndYearEnd) {
  EXPECT_EQ(next("0 0 1 * *", "2026-01-31 12:00:00"), "2026-02-01 00:00:00");
  EXPECT_EQ(next("30 23 31 12 *", "2026-12-31 23:30:00"), "2027-12-31 23:30:00");
}

TEST(Cron, LeapDay) { EXPECT_EQ(next("0 0 29 2 *", "2026-03-01 00:00:00"), "2028-02-29 00:00:00"); }

TEST(Cron, DayOfWeekAndSundayAsSeven) {
  // 2026-03-01 is a Sunday.
  EXPECT_EQ(next("0 6 * * 1", "2026-03-01 00:00:00"), "2026-03-02 06:00:00");
  EXPECT_EQ(next("0 6 * * 7", "2026-03-01 07:00:00"), "2026-03-08 06:00:00");
  EXPECT_EQ(next("0 6 * * 0", "2026-03-01 05:00:00"), "2026-03-01 06:00:00");
}

TEST(Cron, BothDayFieldsRestrictedMatchEither) {
  // The 15th (a Sunday) or any Monday: Monday 2 March comes first.
  EXPECT_EQ(next("0 0 15 * 1", "2026-03-01 00:00:00"), "2026-03-02 00:00:00");
  EXPECT_EQ(next("0 0 15 * 1", "2026-03-10 00:00:00"), "2026-03-15 00:00:00");
}

TEST(Cron, ErrorsNameTheField) {
  auto message = [](const char* text) {
    try {
      CronExpression::parse(text);
    } catch (const common::UserError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("* * *").find("5 fields"), std::string::npos);
  EXPECT_NE(message("60 * * * *").find("minute"), std::string::npos);
  EXPECT_NE(message("* 24 * * *").find("hour"), std::string::npos);
  EXPECT_NE(message("* * 0 * *").find("day-of-month"), std::string::npos);
  EXPECT_NE(message("* * * 13 *").find("month"), std::string::npos);
  EXPECT_NE(message("* * * * x").find("day-of-week"), std::string::npos);
  EXPECT_NE(message("*/0 * * * *").find("step"), std::string::npos);
}

TEST(Cron, ImpossibleDateIsReportedByNextAfter) {
  auto cron = CronExpression::parse("0 0 31 2 *");
  EXPECT_THROW(cron.next_after(at("2026-01-01 00:00:00")), common::UserError);
}

TEST(TimeUtil, RoundTripsAndRejectsGarbage) {
  EXPECT_EQ(format_utc(at("2026-03-01 10:00:07")), "2026-03-01 10:00:07");
  EXPECT_EQ(at("2026-03-01T10:00:07Z"), at("2026-03-01 10:00:07"));
  EXPECT_EQ(at("2026-03-01 10:00:07.250+00"), at("2026-03-01 10:00:07"));
  EXPECT_FALSE(parse_utc("yesterday"));
  EXPECT_FALSE(parse_utc("2026-13-01 00:00:00"));
}

}  // namespace
}  // namespace larkbase::loader
