#pragma once
// The choices the Lark docs leave open (lark-open-api.md §4.3 "UNCERTAIN"), made
// switchable so the connector can be tested against each reading. Defaults and
// reasons are in README.md next to this file.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace larkbase::emulator::query {

// How `is` / `isNot` compare a list of wanted values with a multi-valued cell
// (MultiSelect, User, CreatedUser, ModifiedUser, GroupChat, SingleLink, DuplexLink).
enum class MultiValueIs {
  kExactSet,     // the cell's set of values equals the wanted set (default)
  kContainsAll,  // every wanted value is in the cell; the cell may hold more
  kAnyOf,        // at least one wanted value is in the cell
};

// How isGreater / isLess compare a date cell with a day D (ExactDate or keyword).
enum class DayComparison {
  kWholeDay,    // isGreater: at or after 00:00 of D+1; isLess: before 00:00 of D (default)
  kStartOfDay,  // isGreater: strictly after 00:00 of D; isLess: before 00:00 of D
};

struct Semantics {
  // Text-like comparisons (is/isNot/contains/doesNotContain, and text sort keys).
  // Default false: Lark's filter UI matches text without regard to case. Only
  // ASCII letters are folded; other bytes compare exactly.
  bool text_case_sensitive = false;

  MultiValueIs multi_value_is = MultiValueIs::kExactSet;

  // The docs allow exactly one value for is/isNot on select/person/link/group
  // fields. false relaxes that to 1..10 values, where kContainsAll and kAnyOf
  // differ (with one value they coincide).
  bool single_value_is = true;

  DayComparison day_comparison = DayComparison::kWholeDay;

  // The Base's time zone, used to truncate dates to days. Kept as written for
  // display; utc_offset_minutes is what the engine uses (see parse_time_zone).
  std::string time_zone = "Asia/Shanghai";
  int utc_offset_minutes = 8 * 60;

  // Weeks (CurrentWeek, LastWeek) start on Monday unless this is set.
  bool week_starts_sunday = false;

  // "Now" for Today/Yesterday/CurrentWeek/...; unset = the system clock.
  std::optional<int64_t> now_ms;

  // Sort: empty cells go last when ascending and first when descending (false),
  // or first when ascending and last when descending (true).
  bool empty_sorts_first = false;

  // HTTP status of filter/sort errors: 200 per the Feishu search page; 400 per
  // newer Lark pages (lark-open-api.md §4.5 caveat).
  int error_http_status = 200;

  int64_t current_time_ms() const;  // now_ms or the system clock
};

// UTC offset in minutes of a time-zone name: "UTC", "Z", "+08:00", "-0530",
// "UTC+8", "GMT-03:00", or one of the named zones without daylight saving time
// (Asia/Shanghai, Asia/Tokyo, Asia/Kolkata, Asia/Singapore, ..., see the .cpp).
// Zones with DST (Europe/London, America/New_York) are rejected: a fixed offset
// would be wrong half the year. Throws common::UserError naming the accepted forms.
int parse_time_zone(std::string_view name);

// Sets one option from a flag string. Keys and values:
//   case=sensitive|insensitive          multi_is=exact|all|any
//   single_value_is=true|false          day=whole|start
//   tz=<zone, see parse_time_zone>      week_start=monday|sunday
//   now=<epoch ms>                      empty=last|first
//   status=200|400
// Throws common::UserError naming the key and the accepted values.
void set_semantics_option(Semantics& semantics, std::string_view key, std::string_view value);

// Parses "key=value,key=value" (the emulator's --search-semantics flag) on top of
// the defaults. An empty string gives the defaults.
Semantics parse_semantics(std::string_view spec);

// The effective settings as JSON, for logs and the emulator handshake.
common::Json describe(const Semantics& semantics);

}  // namespace larkbase::emulator::query
