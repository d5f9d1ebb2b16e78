#include "loader/cron.hpp"

#include <ctime>
#include <sstream>
#include <vector>

#include "common/error.hpp"

namespace larkbase::loader {
namespace {

int to_int(const std::string& text, const std::string& field, const std::string& whole) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    throw common::UserError("cron expression '" + whole + "': " + field + " value '" + text +
                            "' is not a number");
  }
  return std::stoi(text);
}

// Sets bits [lo, hi] of the field from one comma-separated item.
template <std::size_t N>
void parse_item(const std::string& item, int lo, int hi, const std::string& field,
                const std::string& whole, std::bitset<N>& bits) {
  std::string range = item;
  int step = 1;
  if (auto slash = item.find('/'); slash != std::string::npos) {
    range = item.substr(0, slash);
    step = to_int(item.substr(slash + 1), field, whole);
    if (step <= 0)
      throw common::UserError("cron expression '" + whole + "': " + field +
                              " step must be positive");
  }
  int first = lo;
  int last = hi;
  if (range != "*") {
    if (auto dash = range.find('-'); dash != std::string::npos) {
      first = to_int(range.substr(0, dash), field, whole);
      last = to_int(range.substr(dash + 1), field, whole);
    } else {
      first = last = to_int(range, field, whole);
      if (step != 1) last = hi;  // `5/15` means from 5 to the end every 15
    }
  }
  if (first < lo || last > hi || first > last) {
    throw common::UserError("cron expression '" + whole + "': " + field + " '" + item +
                            "' is outside " + std::to_string(lo) + "-" + std::to_string(hi));
  }
  for (int v = first; v <= last; v += step) bits.set(static_cast<std::size_t>(v));
}

template <std::size_t N>
bool parse_field(const std::string& text, int lo, int hi, const std::string& field,
                 const std::string& whole, std::bitset<N>& bits) {
  std::stringstream items(text);
  std::string item;
  while (std::getline(items, item, ',')) parse_item(item, lo, hi, field, whole, bits);
  if (bits.none()) throw common::UserError("cron expression '" + whole + "': empty " + field);
  return text != "*";
}

}  // namespace

CronExpression CronExpression::parse(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> fields;
  for (std::string f; in >> f;) fields.push_back(f);
  if (fields.size() != 5) {
    throw common::UserError("cron expression '" + text +
                            "' must have 5 fields (minute hour day-of-month month day-of-week)");
  }
  CronExpression cron;
  cron.text_ = text;
  parse_field(fields[0], 0, 59, "minute", text, cron.minutes_);
  parse_field(fields[1], 0, 23, "hour", text, cron.hours_);
  cron.days_restricted_ = parse_field(fields[2], 1, 31, "day-of-month", text, cron.days_);
  parse_field(fields[3], 1, 12, "month", text, cron.months_);
  std::bitset<8> weekdays;
  cron.weekdays_restricted_ = parse_field(fields[4], 0, 7, "day-of-week", text, weekdays);
  for (int d = 0; d < 7; ++d) cron.weekdays_[d] = weekdays[d] || (d == 0 && weekdays[7]);
  return cron;
}

Seconds CronExpression::next_after(Seconds after) const {
  Seconds t = after - (after % 60 + 60) % 60 + 60;  // next whole minute
  // Five years of days is enough for any satisfiable expression (Feb 29).
  const Seconds limit = t + Seconds{366} * 5 * 86400;
  while (t < limit) {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    Seconds start_of_day = t - (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
    bool day_ok;
    bool dom = days_[tm.tm_mday];
    bool dow = weekdays_[tm.tm_wday];
    if (days_restricted_ && weekdays_restricted_) {
      day_ok = dom || dow;
    } else {
      day_ok = dom && dow;
    }
    if (!months_[tm.tm_mon + 1] || !day_ok) {
      t = start_of_day + 86400;
      continue;
    }
    if (!hours_[tm.tm_hour]) {
      t = t - tm.tm_min * 60 - tm.tm_sec + 3600;
      continue;
    }
    if (!minutes_[tm.tm_min]) {
      t += 60;
      continue;
    }
    return t;
  }
  throw common::UserError("cron expression '" + text_ + "' never matches a real date");
}

}  // namespace larkbase::loader
