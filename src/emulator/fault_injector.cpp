#include "emulator/fault_injector.hpp"

#include <array>
#include <chrono>

namespace larkbase::emulator {
namespace {

struct Transient {
  int code;
  const char* msg;
};

constexpr std::array<Transient, 5> kTransient = {{
    {codes::kTooManyRequest, "TooManyRequest: request too frequent, please retry later"},
    {codes::kWriteConflict, "Write conflict: concurrent operations on the table, retry later"},
    {codes::kDataNotReady, "Data not ready, please try again later"},
    {codes::kInternalError, "InternalError"},
    {codes::kTimeout, "request timed out, please retry"},
}};

}  // namespace

FaultInjector::FaultInjector(double rate, uint64_t seed, ErrorStatusMode mode)
    : rate_(rate),
      mode_(mode),
      random_(seed != 0 ? seed
                        : uint64_t(std::chrono::steady_clock::now().time_since_epoch().count())) {}

std::optional<ApiError> FaultInjector::next() {
  if (rate_ <= 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  if (rate_ < 1 && std::uniform_real_distribution<double>(0, 1)(random_) >= rate_) {
    return std::nullopt;
  }
  const Transient& fault = kTransient[rotation_++ % kTransient.size()];
  return bitable_error(mode_, fault.code, fault.msg);
}

}  // namespace larkbase::emulator
