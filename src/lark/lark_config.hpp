#pragma once
// Everything a Lark client needs to know: where the API is, which app it acts
// as, and how patient it is (timeouts, retry budget, rate limits, page size).
// Built from the environment (LARK_API_URL, LARK_APP_ID, LARK_APP_SECRET);
// command-line flags override. The secret never appears in to_string().
#include <chrono>
#include <string>

#include "common/retry.hpp"

namespace larkbase::lark {

inline constexpr const char* kLarkHost = "https://open.larksuite.com";
inline constexpr const char* kFeishuHost = "https://open.feishu.cn";

struct LarkConfig {
  std::string api_url = kLarkHost;  // without a trailing slash
  std::string app_id;
  std::string app_secret;

  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{60000};
  common::RetryPolicy retry;

  // Requests per second, per app, shared by every thread of the process.
  // records/search is documented at 20/s; the sibling read endpoints likewise.
  double search_rate_limit = 20;
  double default_rate_limit = 20;
  double rate_burst = 1;

  int search_page_size = 500;  // Lark's maximum for records/search
  std::chrono::seconds field_cache_ttl{300};

  // Reads LARK_API_URL, LARK_APP_ID, LARK_APP_SECRET, LARK_PAGE_SIZE,
  // LARK_TIMEOUT_MS, LARK_CONNECT_TIMEOUT_MS, LARK_MAX_ATTEMPTS,
  // LARK_RETRY_BUDGET_MS and LARK_RATE_LIMIT over the defaults.
  static LarkConfig from_env();

  // Throws UserError naming what is missing or out of range and how to set it.
  void validate() const;

  // A readable summary with the secret redacted.
  std::string to_string() const;
};

// Accepts "lark", "feishu" or a URL; strips trailing slashes.
std::string normalize_api_url(std::string url);

}  // namespace larkbase::lark
