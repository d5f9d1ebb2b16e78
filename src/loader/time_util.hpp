#pragma once
// UTC times as seconds since the epoch, written as `YYYY-MM-DD HH:MM:SS` so
// SQLite text comparisons and PostgreSQL timestamps agree.
#include <cstdint>
#include <optional>
#include <string>

namespace larkbase::loader {

using Seconds = std::int64_t;

std::string format_utc(Seconds t);
// Accepts `YYYY-MM-DD[ T]HH:MM:SS[.fff][Z|+00]`; nullopt when malformed.
std::optional<Seconds> parse_utc(const std::string& text);

// The clock the scheduler and monitors read; tests substitute a fake one.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Seconds now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Seconds now() const override;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(Seconds start) : now_(start) {}
  Seconds now() const override { return now_; }
  void advance(Seconds by) { now_ += by; }
  void set(Seconds to) { now_ = to; }

 private:
  Seconds now_;
};

}  // namespace larkbase::loader
