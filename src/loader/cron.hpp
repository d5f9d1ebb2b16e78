#pragma once
// A 5-field cron expression (minute hour day-of-month month day-of-week), UTC.
// Fields take `*`, numbers, ranges `a-b`, lists `a,b`, steps `*/n` and `a-b/n`;
// day-of-week 0 and 7 are Sunday. As in Vixie cron, when both day fields are
// restricted a day matches if either matches.
#include <bitset>
#include <string>

#include "loader/time_util.hpp"

namespace larkbase::loader {

class CronExpression {
 public:
  // Throws UserError naming the field that is wrong.
  static CronExpression parse(const std::string& text);
  // The first matching minute strictly after `after`.
  Seconds next_after(Seconds after) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;
  std::bitset<13> months_;
  std::bitset<7> weekdays_;
  bool days_restricted_ = false;
  bool weekdays_restricted_ = false;
};

}  // namespace larkbase::loader
