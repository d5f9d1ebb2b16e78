#pragma once
// Retries with exponential backoff and full jitter, bounded twice: by a number
// of attempts and by a total time budget, so a throttled or failing service
// ends in a clear error instead of an endless loop. A wait the server asks for
// (Lark's x-ogw-ratelimit-reset) is honoured. Time, sleep and randomness are
// injectable so the schedule can be unit-tested without waiting.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace larkbase::common {

using Millis = std::chrono::milliseconds;

struct RetryPolicy {
  int max_attempts = 6;        // first try included
  Millis base_delay{100};      // cap of the first backoff window
  Millis max_delay{5000};      // cap of any single backoff window
  Millis total_budget{30000};  // attempts + sleeps must fit in this
  // Set by common::within_deadline when it cut total_budget to a caller's
  // deadline: running out of time is then the deadline's doing.
  bool budget_is_deadline = false;
};

// The environment a retry loop runs in; defaults are the real clock, a real
// sleep and a thread-local PRNG.
struct RetryEnv {
  std::function<std::chrono::steady_clock::time_point()> now;
  std::function<void(Millis)> sleep;
  std::function<double()> random;  // uniform in [0, 1)

  static RetryEnv real();
};

// The state of one retried operation. Call next_delay() after each failed
// attempt: it returns how long to sleep before the next one, or nullopt when
// the attempts or the time budget are used up (exhausted_reason() then says which).
class RetrySchedule {
 public:
  RetrySchedule(RetryPolicy policy, RetryEnv env);

  std::optional<Millis> next_delay(std::optional<Millis> server_wait = std::nullopt);

  int attempts() const { return attempts_; }
  Millis elapsed() const;
  // The total time budget of this schedule (its policy's).
  Millis budget() const { return policy_.total_budget; }
  const std::string& exhausted_reason() const { return exhausted_reason_; }
  // Whether the schedule ran out of time and that time was a caller's deadline
  // (RetryPolicy::budget_is_deadline): the failure is a common::DeadlineError.
  bool exhausted_by_deadline() const { return exhausted_by_deadline_; }
  const RetryEnv& env() const { return env_; }

  // The full-jitter window for the n-th retry (1-based): min(max, base * 2^(n-1)).
  static Millis backoff_cap(const RetryPolicy& policy, int retry);

 private:
  RetryPolicy policy_;
  RetryEnv env_;
  std::chrono::steady_clock::time_point start_;
  int attempts_ = 1;  // the attempt in progress
  std::string exhausted_reason_;
  bool exhausted_by_deadline_ = false;
};

// Runs `attempt` until it succeeds, retrying ExternalErrors marked retryable.
// When the schedule is exhausted the last error is rethrown with the reason
// appended (as a DeadlineError when a caller's deadline cut the budget). `on_retry` (optional) sees
// each delay before the sleep.
void retry_call(const RetryPolicy& policy, const RetryEnv& env,
                const std::function<void()>& attempt,
                const std::function<void(Millis)>& on_retry = {});

}  // namespace larkbase::common
