#pragma once
// --fault-rate: makes a share of Bitable calls fail with the transient errors
// a real client must retry (spec §4.5, §6.2), rotating through them so every
// kind shows up.
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>

#include "emulator/api_error.hpp"

namespace larkbase::emulator {

class FaultInjector {
 public:
  // `rate` in [0, 1]; `seed` 0 seeds from the clock.
  FaultInjector(double rate, uint64_t seed, ErrorStatusMode mode);
  // The error this call should fail with, if any.
  std::optional<ApiError> next();

 private:
  const double rate_;
  const ErrorStatusMode mode_;
  std::mutex mutex_;
  std::mt19937_64 random_;
  size_t rotation_ = 0;
};

}  // namespace larkbase::emulator
