#pragma once
// The one function every Lark Open API call goes through: LarkClient::call().
// It waits for the shared rate limiter, adds the access token, sends the
// request with timeouts, reads the JSON envelope whatever the HTTP status, and
// retries what is worth retrying (transport failures, HTTP 429/5xx, Lark's
// throttling and transient codes) with jittered backoff inside a bounded
// budget, honouring x-ogw-ratelimit-reset. A rejected token is refreshed and
// the call repeated once. Failures become ExternalErrors naming the endpoint,
// the Lark code and message and the log id; nothing secret is logged or thrown.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/call_stats.hpp"
#include "common/deadline.hpp"
#include "common/http_client.hpp"
#include "common/rate_limiter.hpp"
#include "common/retry.hpp"
#include "lark/envelope.hpp"
#include "lark/lark_config.hpp"
#include "lark/token_manager.hpp"

namespace larkbase::lark {

// Rate-limit classes: each has its own bucket per app id.
inline constexpr const char* kSearchEndpoint = "search";
inline constexpr const char* kDefaultEndpoint = "default";

struct LarkRequest {
  std::string method = "GET";
  std::string path;  // starts with /open-apis/
  std::vector<std::pair<std::string, std::string>> query;
  std::optional<std::string> body;  // JSON text; sent with Content-Type application/json
  std::string endpoint_class = kDefaultEndpoint;
};

struct LarkResponse {
  long status = 0;
  std::string body;  // padded for simdjson (see reserve_json_padding)
  Envelope envelope;
  std::string log_id;
  int attempts = 0;
};

// Replaceable parts, for tests; the defaults are the real ones.
struct LarkClientDeps {
  common::RateLimiter* limiter = nullptr;  // nullptr: RateLimiter::process_wide()
  std::optional<common::RetryEnv> retry_env;
  TokenManager::Clock clock;
  std::shared_ptr<common::CallStats> stats;  // nullptr: a fresh counter set
};

class LarkClient {
 public:
  // Throws UserError when the configuration is incomplete (see LarkConfig::validate).
  explicit LarkClient(LarkConfig config, LarkClientDeps deps = {});

  // Sends an authenticated call and returns the successful response (code 0).
  LarkResponse call(const LarkRequest& request);

  using Clock = std::chrono::steady_clock;
  // Every call made from now on (on any thread) fits its attempts and retries
  // before `deadline`, and one started after it fails at once (retryable);
  // nullopt lifts it. For a caller that is itself on a clock (a Lambda invocation).
  void set_deadline(std::optional<Clock::time_point> deadline);

  const LarkConfig& config() const { return config_; }
  common::CallStats& stats() { return *stats_; }
  std::shared_ptr<common::CallStats> shared_stats() const { return stats_; }
  TokenManager& tokens() { return tokens_; }

 private:
  struct Attempt;
  LarkResponse execute(const LarkRequest& request, bool authenticated);
  // One try, cut short when it would outlast what is left of the schedule's budget.
  Attempt attempt_once(const LarkRequest& request, bool authenticated, int attempt,
                       const common::RetrySchedule& schedule);
  TokenGrant fetch_token();
  // The configured policy, its budget cut to the deadline (throws once it passed).
  common::RetryPolicy retry_policy(const std::string& endpoint) const;
  std::string rate_key(const std::string& endpoint_class) const;

  LarkConfig config_;
  common::HttpClient http_;
  common::RateLimiter* limiter_;
  common::RetryEnv retry_env_;
  std::shared_ptr<common::CallStats> stats_;
  TokenManager tokens_;
  common::SharedDeadline deadline_;  // set by the caller's thread, read by every stream
};

// Builds a path from segments, percent-encoding each one:
// api_path("/open-apis/bitable/v1/apps", app, "tables").
std::string api_path(std::string_view prefix, std::initializer_list<std::string_view> segments);

}  // namespace larkbase::lark
