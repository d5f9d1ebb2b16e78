#pragma once
// The AWS services the project calls, with the names each one goes by: the
// SigV4 signing name, the endpoint host prefix, the suffix of its
// AWS_ENDPOINT_URL_<SERVICE> override and the X-Amz-Target prefix of the
// JSON 1.1 protocol.
#include <array>
#include <string_view>

namespace larkbase::aws {

enum class AwsService { kS3, kGlue, kSecretsManager, kSts, kAthena };

struct AwsServiceNames {
  std::string_view display;       // "Glue", in messages
  std::string_view signing_name;  // "glue", in the credential scope
  std::string_view host_prefix;   // "glue" in glue.<region>.amazonaws.com
  std::string_view env_suffix;    // "GLUE" in AWS_ENDPOINT_URL_GLUE
  std::string_view json_target;   // "AWSGlue" in X-Amz-Target: AWSGlue.GetTable
};

const AwsServiceNames& service_names(AwsService service);

inline constexpr std::array<AwsService, 5> kAllAwsServices = {
    AwsService::kS3, AwsService::kGlue, AwsService::kSecretsManager, AwsService::kSts,
    AwsService::kAthena};

}  // namespace larkbase::aws
