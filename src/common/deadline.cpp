#include "common/deadline.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace larkbase::common {

bool near_deadline(std::optional<SteadyTime> deadline, Millis window) {
  return deadline && std::chrono::steady_clock::now() + window >= *deadline;
}

RetryPolicy within_deadline(RetryPolicy policy, std::optional<SteadyTime> deadline,
                            const std::string& call) {
  if (!deadline) return policy;
  const auto left =
      std::chrono::duration_cast<Millis>(*deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) {
    throw DeadlineError(fmt::format("{} was not called: the caller's deadline has passed", call));
  }
  policy.total_budget = std::min(policy.total_budget, left);
  return policy;
}

}  // namespace larkbase::common
