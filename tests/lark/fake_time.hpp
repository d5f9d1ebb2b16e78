#pragma once
// A manual clock for retry, limiter and token tests: sleeping advances it, and
// every sleep is recorded, so schedules can be checked without waiting.
#include <chrono>
#include <mutex>
#include <vector>

#include "common/retry.hpp"

namespace larkbase::testing {

class FakeTime {
 public:
  std::chrono::steady_clock::time_point now() const {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void advance(std::chrono::microseconds delta) {
    std::lock_guard lock(mutex_);
    now_ += delta;
  }
  void sleep(std::chrono::microseconds delta) {
    std::lock_guard lock(mutex_);
    sleeps_.push_back(std::chrono::duration_cast<common::Millis>(delta));
    now_ += delta;
  }
  std::vector<common::Millis> sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }

  // A RetryEnv on this clock; `random` is fixed so schedules are predictable.
  common::RetryEnv retry_env(double random = 0.5) {
    common::RetryEnv env;
    env.now = [this] { return now(); };
    env.sleep = [this](common::Millis delay) { sleep(delay); };
    env.random = [random] { return random; };
    return env;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1)};
  std::vector<common::Millis> sleeps_;
};

}  // namespace larkbase::testing
