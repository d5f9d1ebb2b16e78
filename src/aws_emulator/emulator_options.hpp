#pragma once
// Everything `larkbase aws-emulator` can be told, as plain values.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace larkbase::aws_emulator {

inline constexpr const char* kDefaultRegion = "us-east-1";
inline constexpr const char* kDefaultAccountId = "123456789012";
inline constexpr const char* kDemoSpillBucket = "larkbase-spill";
inline constexpr const char* kDemoSecretName = "larkbase/lark-app";

struct AwsEmulatorOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::string region = kDefaultRegion;
  std::string account_id = kDefaultAccountId;
  bool demo = false;
  // Demo secret content: the Lark emulator's default app (docs/emulator.md).
  std::string lark_app_id = "cli_emulator";
  std::string lark_app_secret = "emulator-secret";
  std::vector<std::string> buckets;                          // created empty
  std::vector<std::pair<std::string, std::string>> secrets;  // name, secret string
  std::vector<std::string> secrets_files;                    // {"name": "string or object"}
  std::vector<std::string> glue_files;  // {"databases":[DatabaseInput + "Tables":[TableInput]]}
  std::vector<std::string> query_execution_files;                     // [QueryExecution, ...]
  std::vector<std::pair<std::string, std::string>> query_executions;  // id, SQL
  // Fault knobs: probabilities per request, and added latency.
  double throttle_rate = 0.0;
  double error_rate = 0.0;
  int latency_ms = 0;
  // Slow responses: with probability slow_rate a request waits slow_ms more
  // (a stalled service, for the clients' per-attempt timeouts).
  double slow_rate = 0.0;
  int slow_ms = 0;
  uint64_t fault_seed = 0;  // 0: from the clock
  int threads = 8;
  // When set, every request is appended to this file as one JSON line
  // (method, raw target, headers as received, body in base64), so tests can check
  // what the clients send (the SigV4 check against botocore's signer).
  std::string record_requests_file;
};

}  // namespace larkbase::aws_emulator
