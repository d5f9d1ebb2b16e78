#pragma once
// Per-app request limit over fixed one-second windows, as Lark's gateway
// enforces "N requests per second" (spec §6.4). Over the limit the caller
// answers 429 with x-ogw-ratelimit-limit / x-ogw-ratelimit-reset.
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace larkbase::emulator {

class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // `per_second` <= 0 disables the limit.
  explicit RateLimiter(
      int per_second, Clock clock = [] { return std::chrono::steady_clock::now(); });

  struct Decision {
    bool allowed = true;
    int reset_seconds = 0;  // whole seconds until the window reopens (>= 1 when refused)
  };
  Decision admit(const std::string& app_id);
  int limit() const { return per_second_; }

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    int count = 0;
  };
  const int per_second_;
  const Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace larkbase::emulator
