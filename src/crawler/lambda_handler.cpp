#include "crawler/lambda_handler.hpp"

#include "common/env.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "common/log.hpp"
#include "crawler/crawl_job.hpp"

namespace larkbase::crawler {

std::string handle_lambda_event(const std::string& event_json) {
  auto request = parse_crawl_event(common::parse_json(event_json, "crawler event"));
  if (common::env_string("default_secret_manager_lark_app_key")) {
    throw common::UserError(
        "reading the Lark credentials from Secrets Manager "
        "(default_secret_manager_lark_app_key) is not supported by the crawler yet; set "
        "LARK_APP_ID and LARK_APP_SECRET");
  }
  auto lark = lark::LarkConfig::from_env();
  std::string catalog = common::env_or("LARKBASE_CRAWL_CATALOG", "glue");
  auto summary = run_crawl(lark, request, catalog,
                           [](const std::string& line) { spdlog::info("crawl: {}", line); });
  return summary.to_json().dump();
}

}  // namespace larkbase::crawler
