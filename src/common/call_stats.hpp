#pragma once
// Counters of remote calls that callers snapshot for `--explain`, `--stats`
// and tests: how many calls and pages a query cost, how often it retried or
// waited for the rate limiter, and how many bytes moved. Lock-free counters;
// a snapshot is a plain value that can be diffed.
#include <atomic>
#include <cstdint>
#include <string>

#include "common/json.hpp"

namespace larkbase::common {

struct CallStatsSnapshot {
  uint64_t calls = 0;            // HTTP requests sent (each attempt counts)
  uint64_t pages = 0;            // result pages received by paging loops
  uint64_t retries = 0;          // attempts that were retries
  uint64_t errors = 0;           // calls that finally failed
  uint64_t token_refreshes = 0;  // access tokens fetched
  uint64_t bytes_sent = 0;
  uint64_t bytes_received = 0;
  uint64_t throttled_waits = 0;  // times the rate limiter made a caller wait
  uint64_t throttled_wait_us = 0;

  CallStatsSnapshot operator-(const CallStatsSnapshot& earlier) const;
  Json to_json() const;
  std::string to_string() const;  // one line, "calls=3 pages=2 ..."
};

class CallStats {
 public:
  void add_call(uint64_t bytes_sent, uint64_t bytes_received);
  void add_page() { pages_.fetch_add(1, std::memory_order_relaxed); }
  void add_retry() { retries_.fetch_add(1, std::memory_order_relaxed); }
  void add_error() { errors_.fetch_add(1, std::memory_order_relaxed); }
  void add_token_refresh() { token_refreshes_.fetch_add(1, std::memory_order_relaxed); }
  void add_throttled_wait(uint64_t micros);

  CallStatsSnapshot snapshot() const;
  void reset();

 private:
  std::atomic<uint64_t> calls_{0}, pages_{0}, retries_{0}, errors_{0}, token_refreshes_{0};
  std::atomic<uint64_t> bytes_sent_{0}, bytes_received_{0};
  std::atomic<uint64_t> throttled_waits_{0}, throttled_wait_us_{0};
};

}  // namespace larkbase::common
