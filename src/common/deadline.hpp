#pragma once
// The deadline of a caller that is itself on a clock (a Lambda invocation):
// every call made on its behalf fits its attempts, retries and waits before it.
// One piece for the Lark and AWS transports and the rate limiter, so each stops
// at the same moment and fails the same way: retryable, as DeadlineError.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/error.hpp"
#include "common/retry.hpp"

namespace larkbase::common {

using SteadyTime = std::chrono::steady_clock::time_point;

// A wait or a call the deadline cut short. Retryable: the work itself did not fail.
class DeadlineError : public ExternalError {
 public:
  explicit DeadlineError(const std::string& message) : ExternalError(message, true) {}
};

// A deadline set by one thread and read by every thread working for it.
class SharedDeadline {
 public:
  void set(std::optional<SteadyTime> deadline) {
    ns_.store(deadline ? deadline->time_since_epoch().count() : 0);
  }
  std::optional<SteadyTime> get() const {
    const int64_t ns = ns_.load();
    if (ns == 0) return std::nullopt;
    return SteadyTime(SteadyTime::duration(ns));
  }

 private:
  std::atomic<int64_t> ns_{0};  // steady_clock ticks; 0: no deadline
};

// `policy` with its total budget cut to what is left before `deadline` (the
// per-attempt timeout follows: common::attempt_timeout), marked so a schedule
// that runs out of it says so (RetrySchedule::exhausted_by_deadline). Throws
// DeadlineError naming `call` when the deadline has passed.
RetryPolicy within_deadline(RetryPolicy policy, std::optional<SteadyTime> deadline,
                            const std::string& call);

// Ends a retried call whose schedule gave up after a retryable `failure`: a
// DeadlineError when a caller's deadline cut its budget, else a retryable
// ExternalError; either says `failure` and why the retries stopped.
[[noreturn]] void throw_exhausted(const RetrySchedule& schedule, const std::string& failure);

}  // namespace larkbase::common
