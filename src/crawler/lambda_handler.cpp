#include "crawler/lambda_handler.hpp"

#include "aws/aws_config.hpp"
#include "aws/lark_app_secret.hpp"
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

}  // namespace

std::string handle_lambda_event(const std::string& event_json) {
  auto request = parse_crawl_event(common::parse_json(event_json, "crawler event"));
  auto lark = lark::LarkConfig::from_env();
  if (lark.app_id.empty()) {
    // As the connector: the secret named by LARK_APP_ID_SECRET_NAME (seed) or
    // default_secret_manager_lark_app_key (reference), when no app id is set.
    std::string secret = secret_name();
    if (!secret.empty()) {
      aws::SecretsManagerClient secrets(aws::resolve_aws_config());
      auto credentials = aws::read_lark_app_secret(secrets, secret);
      lark.app_id = credentials.app_id;
      lark.app_secret = credentials.app_secret;
    }
  }
  std::string catalog = common::env_or("LARKBASE_CRAWL_CATALOG", "glue");
  auto summary = run_crawl(
      lark, request, catalog, [](const std::string& line) { spdlog::info("crawl: {}", line); },
      common::env_or("LARKBASE_GLUE_CATALOG_ID", ""));
  return summary.to_json().dump();
}

}  // namespace larkbase::crawler
