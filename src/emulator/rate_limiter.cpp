#include "emulator/rate_limiter.hpp"

namespace larkbase::emulator {

RateLimiter::RateLimiter(int per_second, Clock clock)
    : per_second_(per_second), clock_(std::move(clock)) {}

RateLimiter::Decision RateLimiter::admit(const std::string& app_id) {
  if (per_second_ <= 0) return {};
  std::lock_guard lock(mutex_);
  auto now = clock_();
  Window& window = windows_[app_id];
  if (window.count == 0 || now - window.start >= std::chrono::seconds(1)) {
    window = Window{now, 0};
  }
  if (window.count < per_second_) {
    ++window.count;
    return {};
  }
  // Lark reports whole seconds; the window reopens within one second.
  return Decision{false, 1};
}

}  // namespace larkbase::emulator
