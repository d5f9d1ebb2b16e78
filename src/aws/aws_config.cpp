#include "aws/aws_config.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "aws/credentials_chain.hpp"
#include "common/error.hpp"

namespace larkbase::aws {
namespace {

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::optional<std::string> non_empty(const EnvLookup& env, const std::string& name) {
  auto value = env(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::string AwsConfig::endpoint(AwsService service) const {
  if (auto it = service_endpoints.find(service); it != service_endpoints.end()) {
    return without_trailing_slash(it->second);
  }
  if (!endpoint_url.empty()) return without_trailing_slash(endpoint_url);
  std::string suffix = region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return fmt::format("https://{}.{}.{}", service_names(service).host_prefix, region, suffix);
}

bool AwsConfig::endpoint_overridden(AwsService service) const {
  return service_endpoints.contains(service) || !endpoint_url.empty();
}

bool AwsConfig::s3_path_style(std::string_view bucket) const {
  return endpoint_overridden(AwsService::kS3) || bucket.find('.') != std::string_view::npos;
}

void AwsConfig::validate() const {
  if (region.empty()) {
    throw common::UserError("no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION)");
  }
  if (credentials.empty()) {
    throw common::UserError(
        "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in "
        "~/.aws/credentials (AWS_PROFILE), or run where a container credentials endpoint is set");
  }
}

AwsConfig resolve_aws_config(const EnvLookup& env) {
  AwsConfig config;
  if (auto region = non_empty(env, "AWS_REGION")) {
    config.region = *region;
  } else if (auto fallback = non_empty(env, "AWS_DEFAULT_REGION")) {
    config.region = *fallback;
  }
  if (auto url = non_empty(env, "AWS_ENDPOINT_URL")) config.endpoint_url = *url;
  for (AwsService service : kAllAwsServices) {
    std::string name = fmt::format("AWS_ENDPOINT_URL_{}", service_names(service).env_suffix);
    if (auto url = non_empty(env, name)) config.service_endpoints[service] = *url;
  }
  config.credentials = resolve_credentials(env);
  config.validate();
  return config;
}

}  // namespace larkbase::aws
