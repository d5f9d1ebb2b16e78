#include "emulator/query/semantics.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <utility>

#include "common/error.hpp"

namespace larkbase::emulator::query {
namespace {

// Named zones without daylight saving time, so one offset is right all year.
constexpr std::array<std::pair<std::string_view, int>, 18> kNamedZones{{
    {"Asia/Shanghai", 480},
    {"Asia/Chongqing", 480},
    {"Asia/Hong_Kong", 480},
    {"Asia/Macau", 480},
    {"Asia/Taipei", 480},
    {"Asia/Singapore", 480},
    {"Asia/Manila", 480},
    {"Asia/Kuala_Lumpur", 480},
    {"Asia/Tokyo", 540},
    {"Asia/Seoul", 540},
    {"Asia/Kolkata", 330},
    {"Asia/Calcutta", 330},
    {"Asia/Dubai", 240},
    {"Asia/Bangkok", 420},
    {"Asia/Jakarta", 420},
    {"Asia/Ho_Chi_Minh", 420},
    {"Etc/UTC", 0},
    {"Etc/GMT", 0},
}};

const char* const kZoneHelp =
    "use UTC, an offset like +08:00 / -0530 / UTC+8, or a zone without daylight saving "
    "time such as Asia/Shanghai, Asia/Tokyo, Asia/Singapore, Asia/Kolkata";

bool parse_int(std::string_view text, int& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// "+8", "+08", "+0800", "+08:00", "-05:30" -> minutes; nullopt if malformed.
std::optional<int> parse_offset(std::string_view text) {
  if (text.size() < 2 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  int sign = text[0] == '-' ? -1 : 1;
  std::string_view rest = text.substr(1);
  std::string_view hours = rest;
  std::string_view minutes;
  if (auto colon = rest.find(':'); colon != std::string_view::npos) {
    hours = rest.substr(0, colon);
    minutes = rest.substr(colon + 1);
    if (minutes.size() != 2) return std::nullopt;
  } else if (rest.size() == 4) {
    hours = rest.substr(0, 2);
    minutes = rest.substr(2);
  }
  int h = 0;
  int m = 0;
  if (hours.size() > 2 || !parse_int(hours, h)) return std::nullopt;
  if (!minutes.empty() && !parse_int(minutes, m)) return std::nullopt;
  if (h > 14 || m > 59) return std::nullopt;
  return sign * (h * 60 + m);
}

bool parse_flag_bool(std::string_view key, std::string_view value) {
  if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "0" || value == "no" || value == "off") return false;
  throw common::UserError("search semantics option '" + std::string(key) + "' got '" +
                          std::string(value) + "': use true or false");
}

[[noreturn]] void bad_value(std::string_view key, std::string_view value,
                            std::string_view accepted) {
  throw common::UserError("search semantics option '" + std::string(key) + "' got '" +
                          std::string(value) + "': use " + std::string(accepted));
}

const char* to_string(MultiValueIs mode) {
  switch (mode) {
    case MultiValueIs::kExactSet:
      return "exact";
    case MultiValueIs::kContainsAll:
      return "all";
    case MultiValueIs::kAnyOf:
      return "any";
  }
  return "exact";
}

}  // namespace

int64_t Semantics::current_time_ms() const {
  if (now_ms) return *now_ms;
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int parse_time_zone(std::string_view name) {
  if (name == "UTC" || name == "GMT" || name == "Z") return 0;
  for (const auto& [zone, offset] : kNamedZones) {
    if (zone == name) return offset;
  }
  std::string_view offset_text = name;
  if (name.starts_with("UTC") || name.starts_with("GMT")) offset_text = name.substr(3);
  if (auto offset = parse_offset(offset_text)) return *offset;
  throw common::UserError("unknown time zone '" + std::string(name) + "': " + kZoneHelp);
}

void set_semantics_option(Semantics& s, std::string_view key, std::string_view value) {
  if (key == "case") {
    if (value == "sensitive") {
      s.text_case_sensitive = true;
    } else if (value == "insensitive") {
      s.text_case_sensitive = false;
    } else {
      bad_value(key, value, "sensitive or insensitive");
    }
  } else if (key == "multi_is") {
    if (value == "exact") {
      s.multi_value_is = MultiValueIs::kExactSet;
    } else if (value == "all") {
      s.multi_value_is = MultiValueIs::kContainsAll;
    } else if (value == "any") {
      s.multi_value_is = MultiValueIs::kAnyOf;
    } else {
      bad_value(key, value, "exact, all or any");
    }
  } else if (key == "single_value_is") {
    s.single_value_is = parse_flag_bool(key, value);
  } else if (key == "day") {
    if (value == "whole") {
      s.day_comparison = DayComparison::kWholeDay;
    } else if (value == "start") {
      s.day_comparison = DayComparison::kStartOfDay;
    } else {
      bad_value(key, value, "whole or start");
    }
  } else if (key == "tz") {
    try {
      s.utc_offset_minutes = parse_time_zone(value);
    } catch (const common::UserError& error) {
      throw common::UserError("search semantics option 'tz': " + std::string(error.what()));
    }
    s.time_zone = std::string(value);
  } else if (key == "week_start") {
    if (value == "monday") {
      s.week_starts_sunday = false;
    } else if (value == "sunday") {
      s.week_starts_sunday = true;
    } else {
      bad_value(key, value, "monday or sunday");
    }
  } else if (key == "now") {
    int64_t ms = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
    if (ec != std::errc() || end != value.data() + value.size()) {
      bad_value(key, value, "epoch milliseconds");
    }
    s.now_ms = ms;
  } else if (key == "empty") {
    if (value == "last") {
      s.empty_sorts_first = false;
    } else if (value == "first") {
      s.empty_sorts_first = true;
    } else {
      bad_value(key, value, "last or first");
    }
  } else if (key == "status") {
    if (value == "200") {
      s.error_http_status = 200;
    } else if (value == "400") {
      s.error_http_status = 400;
    } else {
      bad_value(key, value, "200 or 400");
    }
  } else {
    throw common::UserError("unknown search semantics option '" + std::string(key) +
                            "': use case, multi_is, single_value_is, day, tz, week_start, now, "
                            "empty or status");
  }
}

Semantics parse_semantics(std::string_view spec) {
  Semantics semantics;
  while (!spec.empty()) {
    auto comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    if (eq == std::string_view::npos) {
      throw common::UserError("search semantics item '" + std::string(item) +
                              "' has no '=': write key=value, e.g. case=sensitive");
    }
    set_semantics_option(semantics, item.substr(0, eq), item.substr(eq + 1));
  }
  return semantics;
}

common::Json describe(const Semantics& s) {
  common::Json out = {
      {"case", s.text_case_sensitive ? "sensitive" : "insensitive"},
      {"multi_is", to_string(s.multi_value_is)},
      {"single_value_is", s.single_value_is},
      {"day", s.day_comparison == DayComparison::kWholeDay ? "whole" : "start"},
      {"tz", s.time_zone},
      {"utc_offset_minutes", s.utc_offset_minutes},
      {"week_start", s.week_starts_sunday ? "sunday" : "monday"},
      {"empty", s.empty_sorts_first ? "first" : "last"},
      {"status", s.error_http_status},
  };
  if (s.now_ms) out["now"] = *s.now_ms;
  return out;
}

}  // namespace larkbase::emulator::query
