#include "crawler/lambda_handler.hpp"

#include <fmt/format.h>

#include "aws/aws_config.hpp"
#include "aws/lark_app_secret.hpp"
#include "common/deadline.hpp"
#include "common/env.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "common/log.hpp"
#include "crawler/crawl_job.hpp"

namespace larkbase::crawler {
namespace {

std::string secret_name() {
  for (const char* name : {"LARK_APP_ID_SECRET_NAME", "default_secret_manager_lark_app_key"}) {
    if (auto value = common::env_string(name); value && !value->empty()) return *value;
  }
  return "";
}

// A crawl the Lambda deadline cut short: retryable, with the failure that ended it.
common::DeadlineError deadline_error(const std::string& source, const std::string& cause) {
  return common::DeadlineError(fmt::format(
      "the crawl of {} could not finish before the Lambda deadline (less the time kept to post "
      "the answer); what it wrote is whole, and a crawl is idempotent: invoke it again, or raise "
      "the function's timeout. Last failure: {}",
      source, cause));
}

}  // namespace

std::string handle_lambda_event(const std::string& event_json,
                                std::optional<common::SteadyTime> deadline) {
  auto request = parse_crawl_event(common::parse_json(event_json, "crawler event"));
  auto lark = lark::LarkConfig::from_env();
  if (lark.app_id.empty()) {
    // As the connector: the secret named by LARK_APP_ID_SECRET_NAME (seed) or
    // default_secret_manager_lark_app_key (reference), when no app id is set.
    std::string secret = secret_name();
    if (!secret.empty()) {
      aws::SecretsManagerClient secrets(aws::resolve_aws_config());
      secrets.transport().set_deadline(deadline);
      auto credentials = aws::read_lark_app_secret(secrets, secret);
      lark.app_id = credentials.app_id;
      lark.app_secret = credentials.app_secret;
    }
  }
  std::string catalog = common::env_or("LARKBASE_CRAWL_CATALOG", "glue");
  const std::string source = request.describe();
  auto progress = [](const std::string& line) { spdlog::info("crawl: {}", line); };
  CrawlSummary summary;
  try {
    summary = run_crawl(lark, request, catalog, progress,
                        common::env_or("LARKBASE_GLUE_CATALOG_ID", ""), deadline);
  } catch (const common::DeadlineError& error) {
    // A Lark or Glue call (or a rate-limit wait) the deadline cut short stops
    // the crawl (the crawler does not go on past it).
    throw deadline_error(source, error.what());
  }
  return summary.to_json().dump();
}

}  // namespace larkbase::crawler
