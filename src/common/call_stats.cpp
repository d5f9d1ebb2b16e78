#include "common/call_stats.hpp"

#include <fmt/format.h>

namespace larkbase::common {

CallStatsSnapshot CallStatsSnapshot::operator-(const CallStatsSnapshot& earlier) const {
  CallStatsSnapshot out;
  out.calls = calls - earlier.calls;
  out.pages = pages - earlier.pages;
  out.retries = retries - earlier.retries;
  out.errors = errors - earlier.errors;
  out.token_refreshes = token_refreshes - earlier.token_refreshes;
  out.bytes_sent = bytes_sent - earlier.bytes_sent;
  out.bytes_received = bytes_received - earlier.bytes_received;
  out.throttled_waits = throttled_waits - earlier.throttled_waits;
  out.throttled_wait_us = throttled_wait_us - earlier.throttled_wait_us;
  return out;
}

Json CallStatsSnapshot::to_json() const {
  return Json{{"calls", calls},
              {"pages", pages},
              {"retries", retries},
              {"errors", errors},
              {"token_refreshes", token_refreshes},
              {"bytes_sent", bytes_sent},
              {"bytes_received", bytes_received},
              {"throttled_waits", throttled_waits},
              {"throttled_wait_ms", throttled_wait_us / 1000}};
}

std::string CallStatsSnapshot::to_string() const {
  return fmt::format(
      "calls={} pages={} retries={} errors={} token_refreshes={} bytes_sent={} "
      "bytes_received={} throttled_waits={} throttled_wait_ms={}",
      calls, pages, retries, errors, token_refreshes, bytes_sent, bytes_received, throttled_waits,
      throttled_wait_us / 1000);
}

void CallStats::add_call(uint64_t bytes_sent, uint64_t bytes_received) {
  calls_.fetch_add(1, std::memory_order_relaxed);
  bytes_sent_.fetch_add(bytes_sent, std::memory_order_relaxed);
  bytes_received_.fetch_add(bytes_received, std::memory_order_relaxed);
}

void CallStats::add_throttled_wait(uint64_t micros) {
  throttled_waits_.fetch_add(1, std::memory_order_relaxed);
  throttled_wait_us_.fetch_add(micros, std::memory_order_relaxed);
}

CallStatsSnapshot CallStats::snapshot() const {
  CallStatsSnapshot out;
  out.calls = calls_.load(std::memory_order_relaxed);
  out.pages = pages_.load(std::memory_order_relaxed);
  out.retries = retries_.load(std::memory_order_relaxed);
  out.errors = errors_.load(std::memory_order_relaxed);
  out.token_refreshes = token_refreshes_.load(std::memory_order_relaxed);
  out.bytes_sent = bytes_sent_.load(std::memory_order_relaxed);
  out.bytes_received = bytes_received_.load(std::memory_order_relaxed);
  out.throttled_waits = throttled_waits_.load(std::memory_order_relaxed);
  out.throttled_wait_us = throttled_wait_us_.load(std::memory_order_relaxed);
  return out;
}

void CallStats::reset() {
  for (auto* counter : {&calls_, &pages_, &retries_, &errors_, &token_refreshes_, &bytes_sent_,
                        &bytes_received_, &throttled_waits_, &throttled_wait_us_}) {
    counter->store(0, std::memory_order_relaxed);
  }
}

}  // namespace larkbase::common
