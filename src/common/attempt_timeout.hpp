#pragma once
// The timeout of one attempt of a retried call: the request timeout, cut to
// what is left of the retry budget (at least 1 ms, since curl reads 0 as "no
// timeout"). Without the cut a stalled server could hold a call almost twice
// its budget: the budget is only checked between attempts. Shared by the Lark
// and AWS transports.
#include <algorithm>

#include "common/retry.hpp"

namespace larkbase::common {

// The schedule's own budget, which a Lambda deadline may have cut below the policy's.
inline Millis attempt_timeout(const RetrySchedule& schedule, Millis request_timeout) {
  Millis left = schedule.budget() - schedule.elapsed();
  return std::max(Millis(1), std::min(request_timeout, left));
}

}  // namespace larkbase::common
