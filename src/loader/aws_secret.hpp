#pragma once
// `aws-sm:SECRET_NAME[#key]` references of source connection fields, read
// from AWS Secrets Manager (GetSecretValue) at connect time. Without `#key`
// the whole secret string is the value; with it, the secret must be a JSON
// object and the value is its string (or number) member `key`. The AWS
// region, credentials and endpoint come from the environment as for every
// AWS client (docs/aws.md). Errors name the field, the secret and the key and
// say what to do; they never carry the secret's content.
#include <string>

namespace larkbase::loader {

// `spec` is the part after `aws-sm:`.
std::string read_aws_sm_reference(const std::string& field, const std::string& spec);

}  // namespace larkbase::loader
