#include "common/retry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <thread>

#include "common/deadline.hpp"
#include "common/error.hpp"

namespace larkbase::common {

RetryEnv RetryEnv::real() {
  RetryEnv env;
  env.now = [] { return std::chrono::steady_clock::now(); };
  env.sleep = [](Millis delay) { std::this_thread::sleep_for(delay); };
  env.random = [] {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
  return env;
}

RetrySchedule::RetrySchedule(RetryPolicy policy, RetryEnv env)
    : policy_(policy), env_(std::move(env)), start_(env_.now()) {}

Millis RetrySchedule::elapsed() const {
  return std::chrono::duration_cast<Millis>(env_.now() - start_);
}

Millis RetrySchedule::backoff_cap(const RetryPolicy& policy, int retry) {
  // Doubling stops well before overflow: 2^20 * base is beyond any sane cap.
  int doublings = std::clamp(retry - 1, 0, 20);
  auto window = policy.base_delay * (int64_t{1} << doublings);
  return std::min(window, policy.max_delay);
}

std::optional<Millis> RetrySchedule::next_delay(std::optional<Millis> server_wait) {
  if (attempts_ >= policy_.max_attempts) {
    // The attempt limit ran out, not the time budget: say which, so the user
    // raises the right setting.
    exhausted_reason_ = fmt::format("gave up after {} attempts (the attempt limit)", attempts_);
    return std::nullopt;
  }
  Millis delay;
  if (server_wait) {
    // The server said when it will accept us again; retrying earlier only
    // burns an attempt, so wait at least that long.
    delay = *server_wait;
  } else {
    auto cap = backoff_cap(policy_, attempts_);
    delay = Millis(int64_t(env_.random() * double(cap.count())));
  }
  Millis spent = elapsed();
  if (spent + delay > policy_.total_budget) {
    exhausted_reason_ = fmt::format(
        "gave up after {} attempts in {} ms: waiting {} ms more would exceed the {} ms retry "
        "budget",
        attempts_, spent.count(), delay.count(), policy_.total_budget.count());
    exhausted_by_deadline_ = policy_.budget_is_deadline;
    if (exhausted_by_deadline_) exhausted_reason_ += ", which is the caller's deadline";
    return std::nullopt;
  }
  ++attempts_;
  return delay;
}

void retry_call(const RetryPolicy& policy, const RetryEnv& env,
                const std::function<void()>& attempt, const std::function<void(Millis)>& on_retry) {
  RetrySchedule schedule(policy, env);
  while (true) {
    try {
      attempt();
      return;
    } catch (const ExternalError& error) {
      if (!error.retryable()) throw;
      auto delay = schedule.next_delay();
      if (!delay) throw_exhausted(schedule, error.what());
      if (on_retry) on_retry(*delay);
      env.sleep(*delay);
    }
  }
}

}  // namespace larkbase::common
