#include "common/rate_limiter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "common/deadline.hpp"

namespace larkbase::common {

RateLimiter::RateLimiter()
    : RateLimiter([] { return std::chrono::steady_clock::now(); },
                  [](std::chrono::microseconds wait) { std::this_thread::sleep_for(wait); }) {}

RateLimiter::RateLimiter(Clock now, Sleep sleep) : now_(std::move(now)), sleep_(std::move(sleep)) {}

RateLimiter& RateLimiter::process_wide() {
  static RateLimiter limiter;
  return limiter;
}

void RateLimiter::set_limit(const std::string& key, RateLimit limit) {
  std::lock_guard lock(mutex_);
  auto& bucket = buckets_[key];
  bool changed = bucket.limit.per_second != limit.per_second || bucket.limit.burst != limit.burst;
  if (!changed && bucket.refilled.time_since_epoch().count() != 0) return;
  bucket.limit = limit;
  bucket.limit.burst = std::max(1.0, limit.burst);
  bucket.tokens = bucket.limit.burst;
  bucket.refilled = now_();
}

RateLimit RateLimiter::limit(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  return it == buckets_.end() ? RateLimit{} : it->second.limit;
}

std::chrono::microseconds RateLimiter::reserve(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  if (it == buckets_.end() || it->second.limit.unlimited()) return std::chrono::microseconds(0);
  Bucket& bucket = it->second;
  auto now = now_();
  if (now > bucket.refilled) {
    double seconds = std::chrono::duration<double>(now - bucket.refilled).count();
    bucket.tokens = std::min(bucket.limit.burst, bucket.tokens + seconds * bucket.limit.per_second);
    bucket.refilled = now;
  }
  // Taking a token may drive the balance negative: that debt is the queue of
  // callers already waiting, and this caller's slot comes after all of them.
  bucket.tokens -= 1;
  if (bucket.tokens >= 0) return std::chrono::microseconds(0);
  double wait_seconds = -bucket.tokens / bucket.limit.per_second;
  return std::chrono::microseconds(int64_t(wait_seconds * 1e6 + 0.5));
}

void RateLimiter::release(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  if (it != buckets_.end()) it->second.tokens += 1;
}

std::chrono::microseconds RateLimiter::acquire(
    const std::string& key, std::optional<std::chrono::steady_clock::time_point> deadline) {
  auto wait = reserve(key);
  if (deadline && wait.count() > 0 && now_() + wait > *deadline) {
    // Callers that booked after this one keep their (later) slots: the rate holds.
    release(key);
    throw DeadlineError(fmt::format(
        "the rate limit of {} admits the next request in {} ms, after the caller's deadline", key,
        std::chrono::duration_cast<std::chrono::milliseconds>(wait).count()));
  }
  if (wait.count() > 0) sleep_(wait);
  return wait;
}

}  // namespace larkbase::common
