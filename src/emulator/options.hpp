#pragma once
// Everything `larkbase emulator` can be told, as plain values, so the CLI does
// not depend on which optional parts (demo data, filter engine) are built in.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "emulator/api_error.hpp"

namespace larkbase::emulator {

inline constexpr const char* kDefaultAppId = "cli_emulator";
inline constexpr const char* kDefaultAppSecret = "emulator-secret";

// The switchable readings of Lark's filter semantics (spec §4.3 UNCERTAIN
// points), in the filter engine's own key=value vocabulary (see
// emulator/query/semantics.hpp: case, multi_is, single_value_is, day, tz,
// week_start, now, empty). `spec` ("k=v,k=v") is applied first, then `settings`.
struct SemanticsOptions {
  std::string spec;
  std::vector<std::pair<std::string, std::string>> settings;
};

struct EmulatorOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::vector<std::string> dataset_files;
  bool demo = false;
  int64_t demo_rows = 1000;
  uint64_t demo_seed = 42;
  int latency_ms = 0;
  int rate_limit = 0;       // requests per second per app; 0: unlimited
  double fault_rate = 0.0;  // probability that a Bitable call fails transiently
  uint64_t fault_seed = 0;  // 0: seeded from the clock
  int token_ttl_seconds = 7200;
  std::string app_id;      // empty: dataset's or kDefaultAppId
  std::string app_secret;  // empty: dataset's or kDefaultAppSecret
  ErrorStatusMode error_status = ErrorStatusMode::k200;
  SemanticsOptions semantics;
  int threads = 16;  // HTTP worker threads kept ready (more are added per waiting connection)
  // How long a connection may stall mid-request (or sit idle between requests)
  // before the server closes it and frees its thread.
  int read_timeout_ms = 5000;
};

}  // namespace larkbase::emulator
