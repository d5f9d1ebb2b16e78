#include "common/deadline.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace larkbase::common {

RetryPolicy within_deadline(RetryPolicy policy, std::optional<SteadyTime> deadline,
                            const std::string& call) {
  if (!deadline) return policy;
  const auto left =
      std::chrono::duration_cast<Millis>(*deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) {
    throw DeadlineError(fmt::format("{} was not called: the caller's deadline has passed", call));
  }
  if (left < policy.total_budget) {
    policy.total_budget = left;
    policy.budget_is_deadline = true;
  }
  return policy;
}

void throw_exhausted(const RetrySchedule& schedule, const std::string& failure) {
  std::string message = fmt::format("{}; {}", failure, schedule.exhausted_reason());
  if (schedule.exhausted_by_deadline()) throw DeadlineError(message);
  throw ExternalError(message, /*retryable=*/true);
}

}  // namespace larkbase::common
