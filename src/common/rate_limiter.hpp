#pragma once
// A keyed token-bucket rate limiter shared by every thread of the process. Lark
// limits each API per app (records/search: 20 requests/s), so the key is
// "<app id>/<endpoint class>". Acquire books a slot under a lock and sleeps
// outside it: concurrent callers get distinct, evenly spaced slots, and the
// observed rate never exceeds the configured one (after the initial burst).
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace larkbase::common {

struct RateLimit {
  double per_second = 0;  // <= 0: unlimited
  double burst = 1;       // requests allowed back to back after an idle period

  bool unlimited() const { return per_second <= 0; }
};

class RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Sleep = std::function<void(std::chrono::microseconds)>;

  RateLimiter();  // real clock and sleep
  RateLimiter(Clock now, Sleep sleep);

  // The limiter all Lark clients of this process share.
  static RateLimiter& process_wide();

  // Sets (or replaces) the limit of one key. Keys without a limit are unlimited.
  void set_limit(const std::string& key, RateLimit limit);
  RateLimit limit(const std::string& key) const;

  // Blocks until `key` admits one more request; returns how long it waited.
  // When that slot comes after `deadline`, throws common::DeadlineError at once
  // (naming the key and the wait) and gives the slot back.
  std::chrono::microseconds acquire(
      const std::string& key,
      std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

  // Books the next slot of `key` and returns the wait until it, without sleeping.
  std::chrono::microseconds reserve(const std::string& key);

 private:
  struct Bucket {
    RateLimit limit;
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled;
  };

  // Returns a slot reserve() booked for `key` and did not use.
  void release(const std::string& key);

  Clock now_;
  Sleep sleep_;
  mutable std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace larkbase::common
