#include "lark/lark_config.hpp"

#include <fmt/format.h>

#include "common/env.hpp"
#include "common/error.hpp"
#include "common/log.hpp"

namespace larkbase::lark {

std::string normalize_api_url(std::string url) {
  if (url == "lark") return kLarkHost;
  if (url == "feishu") return kFeishuHost;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

LarkConfig LarkConfig::from_env() {
  using common::env_int;
  LarkConfig config;
  config.api_url = normalize_api_url(common::env_or("LARK_API_URL", kLarkHost));
  config.app_id = common::env_or("LARK_APP_ID", "");
  config.app_secret = common::env_or("LARK_APP_SECRET", "");
  config.search_page_size = int(env_int("LARK_PAGE_SIZE", config.search_page_size));
  config.request_timeout =
      std::chrono::milliseconds(env_int("LARK_TIMEOUT_MS", config.request_timeout.count()));
  config.connect_timeout =
      std::chrono::milliseconds(env_int("LARK_CONNECT_TIMEOUT_MS", config.connect_timeout.count()));
  config.retry.max_attempts = int(env_int("LARK_MAX_ATTEMPTS", config.retry.max_attempts));
  config.retry.total_budget =
      common::Millis(env_int("LARK_RETRY_BUDGET_MS", config.retry.total_budget.count()));
  config.search_rate_limit = double(env_int("LARK_RATE_LIMIT", int(config.search_rate_limit)));
  return config;
}

void LarkConfig::validate() const {
  using common::UserError;
  if (!api_url.starts_with("http://") && !api_url.starts_with("https://")) {
    throw UserError(fmt::format(
        "Lark API URL '{}' must start with http:// or https:// (set LARK_API_URL or --api-url; "
        "Lark: {}, Feishu: {})",
        api_url, kLarkHost, kFeishuHost));
  }
  // Every API path starts with /open-apis/...: a URL with a path of its own would
  // send each call to a path that does not exist, which Lark answers with errors
  // that look like bad credentials. Say what is wrong with the URL instead.
  size_t host_start = api_url.find("://") + 3;
  if (size_t path = api_url.find('/', host_start); path != std::string::npos) {
    throw UserError(fmt::format(
        "Lark API URL '{}' has a path ('{}'): give only the scheme and host, e.g. {} (set "
        "LARK_API_URL or --api-url; the client adds /open-apis/... itself)",
        api_url, api_url.substr(path), kLarkHost));
  }
  if (app_id.empty() || app_secret.empty()) {
    throw UserError(
        "Lark app credentials are missing: set LARK_APP_ID and LARK_APP_SECRET (or pass "
        "--app-id and --app-secret)");
  }
  if (search_page_size < 1 || search_page_size > 500) {
    throw UserError(fmt::format("Lark page size {} is out of range: use 1..500", search_page_size));
  }
  if (retry.max_attempts < 1) throw UserError("Lark max attempts must be at least 1");
  if (request_timeout.count() <= 0 || connect_timeout.count() <= 0) {
    throw UserError("Lark timeouts must be positive");
  }
}

std::string LarkConfig::to_string() const {
  return fmt::format(
      "api_url={} app_id={} app_secret={} connect_timeout_ms={} timeout_ms={} max_attempts={} "
      "retry_budget_ms={} search_rate_limit={}/s default_rate_limit={}/s page_size={}",
      api_url, app_id, common::redact(app_secret), connect_timeout.count(), request_timeout.count(),
      retry.max_attempts, retry.total_budget.count(), search_rate_limit, default_rate_limit,
      search_page_size);
}

}  // namespace larkbase::lark
