#pragma once
// Everything an AWS client needs: region, credentials, endpoints, timeouts
// and the retry policy. resolve_aws_config() reads it from the environment the
// way the AWS SDKs do (see docs/aws.md); tests build one by hand.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "aws/aws_service.hpp"
#include "common/retry.hpp"

namespace larkbase::aws {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::string source;         // "environment", "shared credentials file (profile p)", ...

  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
};

struct AwsConfig {
  std::string region;
  AwsCredentials credentials;
  // AWS_ENDPOINT_URL: every service; per-service entries win over it.
  std::string endpoint_url;
  std::map<AwsService, std::string> service_endpoints;
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds request_timeout{30000};
  common::RetryPolicy retry{};

  // Base URL of a service without a trailing slash: the override when there
  // is one, else https://<prefix>.<region>.amazonaws.com(.cn).
  std::string endpoint(AwsService service) const;
  bool endpoint_overridden(AwsService service) const;
  // S3 path-style addressing (http://host/bucket/key) is used when the S3
  // endpoint is overridden, as local S3 servers expect, and for bucket names
  // with dots (their virtual host would not match the TLS certificate).
  bool s3_path_style(std::string_view bucket) const;

  // Throws UserError naming what is missing (region, credentials).
  void validate() const;
};

// Looks up one environment variable; injectable so tests need not touch the
// process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_env();

// Region, credentials (environment, then the shared credentials file, then
// the container credentials endpoint) and endpoint overrides, from `env`.
// Throws UserError when no region or no credentials can be found.
AwsConfig resolve_aws_config(const EnvLookup& env = process_env());

}  // namespace larkbase::aws
