#include "lark/lark_client.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "common/attempt_timeout.hpp"
#include "common/deadline.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "common/log.hpp"
#include "lark/error_codes.hpp"

namespace larkbase::lark {
namespace {

constexpr const char* kTokenPath = "/open-apis/auth/v3/tenant_access_token/internal";
constexpr const char* kAuthEndpoint = "auth";

std::string build_url(const std::string& api_url, const LarkRequest& request) {
  std::string url = api_url + request.path;
  char separator = '?';
  for (const auto& [name, value] : request.query) {
    url += separator;
    url += common::url_encode(name);
    url += '=';
    url += common::url_encode(value);
    separator = '&';
  }
  return url;
}

// Calls are paced a little under each configured limit. Lark counts requests in
// one-second windows as they arrive; sent exactly at the limit, network jitter
// can land the next window's first request in the current one, and its 429
// carries a whole-second reset. 3% under leaves about 30 ms of slack a window.
constexpr double kRatePacing = 0.97;

// x-ogw-ratelimit-reset: seconds until the limit recovers.
std::optional<common::Millis> server_wait(const common::HttpResponse& response) {
  std::string reset = response.header("x-ogw-ratelimit-reset");
  if (reset.empty()) return std::nullopt;
  char* end = nullptr;
  double seconds = std::strtod(reset.c_str(), &end);
  if (end == reset.c_str() || !std::isfinite(seconds) || seconds < 0) return std::nullopt;
  return common::Millis(int64_t(std::ceil(seconds * 1000)));
}

// A short, printable excerpt of a body that is not JSON (a proxy's error page).
std::string excerpt(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, 120)) out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  if (body.size() > 120) out += "...";
  return out;
}

// What to do about a few common, non-retryable codes.
std::string remedy(int64_t code) {
  switch (code) {
    case 91403:
    case 1254302:
      return "; give the app access to the Base (add it as a collaborator with manage permission)";
    case 99991672:
      return "; grant the app the missing API scopes in the developer console";
    case 1254040:
    case 1254041:
      return "; check the Base (app token) and table id";
    case 1254045:
      return "; check the field names";
    default:
      return "";
  }
}

// A server could echo what it was sent; never let the secret (or a token in
// an echoed Authorization header) ride along.
std::string scrub(std::string text, const std::string& secret) {
  return common::scrub_secrets(std::move(text), {secret});
}

}  // namespace

struct LarkClient::Attempt {
  enum Kind { kOk, kTokenRejected, kRetryable, kFatal } kind = kFatal;
  LarkResponse response;
  std::string problem;  // "HTTP 429, code 99991400 (msg), log id X"
  std::optional<common::Millis> server_wait;
  std::string token;  // the token this attempt sent
};

std::string api_path(std::string_view prefix, std::initializer_list<std::string_view> segments) {
  std::string path(prefix);
  for (std::string_view segment : segments) {
    path += '/';
    path += common::url_encode(segment);
  }
  return path;
}

LarkClient::LarkClient(LarkConfig config, LarkClientDeps deps)
    : config_([&] {
        config.api_url = normalize_api_url(std::move(config.api_url));
        config.validate();
        return std::move(config);
      }()),
      http_(common::HttpClientOptions{config_.connect_timeout, config_.request_timeout}),
      limiter_(deps.limiter != nullptr ? deps.limiter : &common::RateLimiter::process_wide()),
      retry_env_(deps.retry_env ? *deps.retry_env : common::RetryEnv::real()),
      stats_(deps.stats ? deps.stats : std::make_shared<common::CallStats>()),
      tokens_([this] { return fetch_token(); }, deps.clock) {
  common::RateLimit search{config_.search_rate_limit * kRatePacing, config_.rate_burst};
  common::RateLimit other{config_.default_rate_limit * kRatePacing, config_.rate_burst};
  limiter_->set_limit(rate_key(kSearchEndpoint), search);
  limiter_->set_limit(rate_key(kDefaultEndpoint), other);
}

std::string LarkClient::rate_key(const std::string& endpoint_class) const {
  return config_.app_id + "/" + endpoint_class;
}

LarkResponse LarkClient::call(const LarkRequest& request) { return execute(request, true); }

TokenGrant LarkClient::fetch_token() {
  LarkRequest request;
  request.method = "POST";
  request.path = kTokenPath;
  request.endpoint_class = kAuthEndpoint;
  request.body =
      common::Json{{"app_id", config_.app_id}, {"app_secret", config_.app_secret}}.dump();
  LarkResponse response = execute(request, false);
  stats_->add_token_refresh();
  // The token response is flat ({code, msg, tenant_access_token, expire}).
  common::Json body = common::parse_json(response.body, "Lark token response");
  auto token = body.value("tenant_access_token", std::string());
  auto expire = body.value("expire", int64_t(0));
  if (token.empty() || expire <= 0) {
    throw common::ExternalError(
        fmt::format("Lark API POST {} answered without a tenant_access_token or expire (log id {})",
                    kTokenPath, response.log_id.empty() ? "none" : response.log_id));
  }
  return TokenGrant{std::move(token), std::chrono::seconds(expire)};
}

LarkClient::Attempt LarkClient::attempt_once(const LarkRequest& request, bool authenticated,
                                             int attempt_number,
                                             const common::RetrySchedule& schedule) {
  Attempt attempt;
  // A wait for a rate-limit slot after the deadline fails at once (DeadlineError).
  auto waited = limiter_->acquire(rate_key(request.endpoint_class), deadline_.get());
  if (waited.count() > 0) stats_->add_throttled_wait(uint64_t(waited.count()));

  common::HttpRequest http_request;
  http_request.method = request.method;
  http_request.url = build_url(config_.api_url, request);
  if (authenticated) {
    attempt.token = tokens_.token();
    http_request.headers.emplace_back("Authorization", "Bearer " + attempt.token);
  }
  if (request.body) {
    http_request.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    http_request.body = *request.body;
  }

  auto started = std::chrono::steady_clock::now();
  common::HttpResponse http_response;
  try {
    http_response =
        http_.send(http_request, common::attempt_timeout(schedule, config_.request_timeout));
  } catch (const common::ExternalError& error) {
    stats_->add_call(http_request.body.size(), 0);
    spdlog::debug(
        "lark {} {} -> transport error after {} ms (attempt {}): {}", request.method, request.path,
        std::chrono::duration_cast<common::Millis>(std::chrono::steady_clock::now() - started)
            .count(),
        attempt_number, error.what());
    attempt.kind = error.retryable() ? Attempt::kRetryable : Attempt::kFatal;
    attempt.problem = scrub(error.what(), config_.app_secret);
    return attempt;
  }
  auto millis =
      std::chrono::duration_cast<common::Millis>(std::chrono::steady_clock::now() - started);
  stats_->add_call(http_request.body.size(), http_response.body.size());

  LarkResponse& response = attempt.response;
  response.status = http_response.status;
  response.body = std::move(http_response.body);
  reserve_json_padding(response.body);
  response.envelope = parse_envelope(response.body, /*padded=*/true);
  const Envelope& envelope = response.envelope;
  response.log_id = http_response.header("x-tt-logid");
  if (response.log_id.empty()) response.log_id = envelope.log_id;
  spdlog::debug("lark {} {} -> HTTP {} code {} in {} ms (attempt {})", request.method, request.path,
                response.status, envelope.has_code ? envelope.code : -1, millis.count(),
                attempt_number);

  std::string log_part = response.log_id.empty() ? "" : ", log id " + response.log_id;
  bool retryable_status = is_retryable_status(response.status);
  if (!envelope.is_json_object || !envelope.has_code) {
    attempt.kind = retryable_status ? Attempt::kRetryable : Attempt::kFatal;
    attempt.problem =
        scrub(fmt::format("HTTP {} with a body that is not a Lark JSON envelope: '{}'{}",
                          response.status, excerpt(response.body), log_part),
              config_.app_secret);
    attempt.server_wait = server_wait(http_response);
    return attempt;
  }
  bool ok_status = response.status >= 200 && response.status < 300;
  if (envelope.code == 0 && ok_status) {
    attempt.kind = Attempt::kOk;
    return attempt;
  }
  attempt.problem = scrub(fmt::format("HTTP {}, code {} ({}){}", response.status, envelope.code,
                                      envelope.msg, log_part),
                          config_.app_secret);
  attempt.server_wait = server_wait(http_response);
  if (authenticated && is_token_code(envelope.code)) {
    attempt.kind = Attempt::kTokenRejected;
  } else if (retryable_status || is_retryable_code(envelope.code)) {
    attempt.kind = Attempt::kRetryable;
  } else {
    attempt.kind = Attempt::kFatal;
    attempt.problem += remedy(envelope.code);
  }
  return attempt;
}

common::RetryPolicy LarkClient::retry_policy(const std::string& endpoint) const {
  try {
    return common::within_deadline(config_.retry, deadline_.get(), "Lark API " + endpoint);
  } catch (const common::DeadlineError&) {
    stats_->add_error();
    throw;
  }
}

void LarkClient::set_deadline(std::optional<Clock::time_point> deadline) {
  deadline_.set(deadline);
}

LarkResponse LarkClient::execute(const LarkRequest& request, bool authenticated) {
  std::string endpoint = request.method + " " + request.path;
  common::RetrySchedule schedule(retry_policy(endpoint), retry_env_);
  bool token_refreshed = false;
  int attempt_number = 0;
  while (true) {
    ++attempt_number;
    Attempt attempt = attempt_once(request, authenticated, attempt_number, schedule);
    switch (attempt.kind) {
      case Attempt::kOk:
        attempt.response.attempts = attempt_number;
        return std::move(attempt.response);
      case Attempt::kTokenRejected:
        if (!token_refreshed) {
          // The token died early (revoked, or expired on a skewed clock):
          // fetch a fresh one and repeat the call once.
          spdlog::debug("lark {}: access token rejected, refreshing it and retrying once",
                        endpoint);
          tokens_.invalidate(attempt.token);
          token_refreshed = true;
          stats_->add_retry();
          continue;
        }
        stats_->add_error();
        throw common::ExternalError(fmt::format(
            "Lark API {} failed: {}; the access token was rejected again after a refresh", endpoint,
            attempt.problem));
      case Attempt::kRetryable: {
        auto delay = schedule.next_delay(attempt.server_wait);
        if (!delay) {
          stats_->add_error();
          common::throw_exhausted(schedule,
                                  fmt::format("Lark API {} failed: {}", endpoint, attempt.problem));
        }
        spdlog::debug("lark {}: {}; retrying in {} ms", endpoint, attempt.problem, delay->count());
        stats_->add_retry();
        retry_env_.sleep(*delay);
        continue;
      }
      case Attempt::kFatal:
        stats_->add_error();
        if (!authenticated && attempt.response.envelope.has_code &&
            attempt.response.envelope.code != 0) {
          throw common::UserError(fmt::format(
              "Lark rejected the app credentials of app id '{}' ({}): check LARK_APP_ID and "
              "LARK_APP_SECRET (or --app-id / --app-secret)",
              config_.app_id, attempt.problem));
        }
        throw common::ExternalError(
            fmt::format("Lark API {} failed: {}", endpoint, attempt.problem));
    }
  }
}

}  // namespace larkbase::lark
