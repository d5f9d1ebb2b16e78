#pragma once
// The one function every AWS call goes through: build the URL, sign with
// libcurl's SigV4, send on the shared libcurl client, retry throttling and 5xx
// with backoff and jitter within the policy's budget, count the call, log it
// at debug level (method, service, operation, status, time, attempt; never a
// header or a key) and turn an error answer into AwsError. The protocol
// helpers (JSON 1.1, query) are thin layers over send().
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aws/aws_config.hpp"
#include "aws/aws_error.hpp"
#include "common/call_stats.hpp"
#include "common/deadline.hpp"
#include "common/http_client.hpp"
#include "common/json.hpp"
#include "common/retry.hpp"

namespace larkbase::aws {

struct AwsRequest {
  AwsService service = AwsService::kGlue;
  std::string operation;  // "GetTable", for logs and errors
  std::string method = "POST";
  std::string bucket;      // S3 only: addressed path-style or as a virtual host
  std::string path = "/";  // under the bucket for S3; already percent-encoded
  // Unencoded; the transport encodes and sorts them (SigV4's canonical query).
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct AwsResponse {
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string request_id;
  int attempts = 1;

  std::string header(std::string_view name) const;
};

struct AwsTransportDeps {
  std::optional<common::RetryEnv> retry_env;  // default: real clock and sleep
  std::shared_ptr<common::CallStats> stats;   // default: a fresh counter
  // The deadline this transport's calls fit before, shared with its owner (a
  // catalog store a Lambda invocation sets per call); default: its own.
  std::shared_ptr<common::SharedDeadline> deadline;
};

class AwsTransport {
 public:
  explicit AwsTransport(AwsConfig config, AwsTransportDeps deps = {});

  // Sends with retries; returns a 2xx answer or throws AwsError (or the
  // transport's ExternalError once retries are exhausted). The body is moved
  // into the HTTP request once and reused by every attempt, never copied.
  AwsResponse send(AwsRequest request);

  // JSON 1.1: POST / with X-Amz-Target: <prefix>.<operation>.
  common::Json call_json(AwsService service, const std::string& operation,
                         const common::Json& input);
  // Query protocol (STS): POST / with Action=..&Version=.. form body; returns
  // the XML answer's text.
  std::string call_query(AwsService service, const std::string& action, const std::string& version,
                         std::vector<std::pair<std::string, std::string>> params);

  // Every call started from now on (on any thread) fits its attempts and retries
  // before `deadline`, and one started after it fails at once
  // (common::DeadlineError); nullopt lifts it. For a Lambda invocation.
  void set_deadline(std::optional<common::SteadyTime> deadline) { deadline_->set(deadline); }

  const AwsConfig& config() const { return config_; }
  common::CallStats& stats() { return *stats_; }
  std::shared_ptr<common::CallStats> shared_stats() const { return stats_; }

  // The URL a request goes to (exposed for tests of addressing and encoding).
  std::string url_for(const AwsRequest& request) const;
  // Removes credentials from a text (belt and braces for messages).
  std::string scrub(std::string text) const;

 private:
  struct Attempt;
  common::HttpRequest build_http_request(AwsRequest& request) const;
  Attempt attempt_once(const AwsRequest& request, const common::HttpRequest& http_request,
                       int attempt_number, const common::RetrySchedule& schedule);

  AwsConfig config_;
  common::HttpClient http_;
  common::RetryEnv retry_env_;
  std::shared_ptr<common::CallStats> stats_;
  std::shared_ptr<common::SharedDeadline> deadline_;
};

// Lower-case hex SHA-256 (x-amz-content-sha256 of S3 requests).
std::string sha256_hex(std::string_view data);
// Percent-encodes an S3 key, keeping '/' (S3 paths are not double-encoded).
std::string encode_s3_key(std::string_view key);

}  // namespace larkbase::aws
