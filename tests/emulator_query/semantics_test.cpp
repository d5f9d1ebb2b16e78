// Semantics flags: time-zone names, the key=value flag syntax and its errors.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "emulator/query/semantics.hpp"

namespace larkbase::emulator::query {
namespace {

TEST(TimeZone, NamesAndOffsets) {
  EXPECT_EQ(parse_time_zone("UTC"), 0);
  EXPECT_EQ(parse_time_zone("Etc/UTC"), 0);
  EXPECT_EQ(parse_time_zone("Asia/Shanghai"), 480);
  EXPECT_EQ(parse_time_zone("Asia/Tokyo"), 540);
  EXPECT_EQ(parse_time_zone("Asia/Kolkata"), 330);
  EXPECT_EQ(parse_time_zone("+08:00"), 480);
  EXPECT_EQ(parse_time_zone("-0530"), -330);
  EXPECT_EQ(parse_time_zone("UTC+8"), 480);
  EXPECT_EQ(parse_time_zone("GMT-03:00"), -180);
}

TEST(TimeZone, RejectsUnknownAndDaylightSavingZones) {
  for (const char* zone :
       {"Europe/London", "America/New_York", "Mars/Base", "+25:00", "+08:7", "08:00", ""}) {
    EXPECT_THROW(parse_time_zone(zone), common::UserError) << zone;
  }
}

TEST(SemanticsFlags, DefaultsAreDocumented) {
  Semantics semantics = parse_semantics("");
  EXPECT_FALSE(semantics.text_case_sensitive);
  EXPECT_EQ(semantics.multi_value_is, MultiValueIs::kExactSet);
  EXPECT_TRUE(semantics.single_value_is);
  EXPECT_EQ(semantics.day_comparison, DayComparison::kWholeDay);
  EXPECT_EQ(semantics.time_zone, "Asia/Shanghai");
  EXPECT_EQ(semantics.utc_offset_minutes, 480);
  EXPECT_FALSE(semantics.week_starts_sunday);
  EXPECT_FALSE(semantics.now_ms.has_value());
  EXPECT_FALSE(semantics.empty_sorts_first);
  EXPECT_EQ(semantics.error_http_status, 200);
}

TEST(SemanticsFlags, ParsesEveryOption) {
  Semantics semantics = parse_semantics(
      "case=sensitive,multi_is=any,single_value_is=false,day=start,tz=UTC+09:00,"
      "week_start=sunday,now=1709172000000,empty=first,status=400");
  EXPECT_TRUE(semantics.text_case_sensitive);
  EXPECT_EQ(semantics.multi_value_is, MultiValueIs::kAnyOf);
  EXPECT_FALSE(semantics.single_value_is);
  EXPECT_EQ(semantics.day_comparison, DayComparison::kStartOfDay);
  EXPECT_EQ(semantics.time_zone, "UTC+09:00");
  EXPECT_EQ(semantics.utc_offset_minutes, 540);
  EXPECT_TRUE(semantics.week_starts_sunday);
  EXPECT_EQ(semantics.now_ms, 1709172000000);
  EXPECT_EQ(semantics.current_time_ms(), 1709172000000);
  EXPECT_TRUE(semantics.empty_sorts_first);
  EXPECT_EQ(semantics.error_http_status, 400);
  EXPECT_EQ(parse_semantics("multi_is=all").multi_value_is, MultiValueIs::kContainsAll);
}

TEST(SemanticsFlags, DescribeRoundTripsThroughTheFlagSyntax) {
  Semantics original = parse_semantics("case=sensitive,multi_is=all,day=start,tz=Asia/Tokyo");
  common::Json described = describe(original);
  EXPECT_EQ(described["case"], "sensitive");
  EXPECT_EQ(described["multi_is"], "all");
  EXPECT_EQ(described["utc_offset_minutes"], 540);
  std::string spec;
  for (const char* key : {"case", "multi_is", "day", "tz", "week_start", "empty"}) {
    spec += std::string(key) + "=" + described[key].get<std::string>() + ",";
  }
  Semantics again = parse_semantics(spec);
  EXPECT_EQ(again.text_case_sensitive, original.text_case_sensitive);
  EXPECT_EQ(again.multi_value_is, original.multi_value_is);
  EXPECT_EQ(again.day_comparison, original.day_comparison);
  EXPECT_EQ(again.utc_offset_minutes, original.utc_offset_minutes);
}

TEST(SemanticsFlags, ErrorsNameTheOption) {
  for (const char* spec : {"case=maybe", "multi_is=some", "day=noon", "tz=Nowhere", "now=yesterday",
                           "empty=middle", "status=500", "color=red", "case"}) {
    try {
      parse_semantics(spec);
      ADD_FAILURE() << "accepted " << spec;
    } catch (const common::UserError& error) {
      std::string key = std::string(spec).substr(0, std::string(spec).find('='));
      EXPECT_NE(std::string(error.what()).find(key), std::string::npos) << error.what();
    }
  }
}

TEST(SemanticsFlags, ClockIsUsedWithoutOverride) {
  Semantics semantics;
  EXPECT_GT(semantics.current_time_ms(), 1700000000000);  // later than Nov 2023
}

}  // namespace
}  // namespace larkbase::emulator::query
