#pragma once
// The AWS SDKs' default credentials chain, the part a Lambda, a laptop and a
// container need: environment variables, the shared credentials file, the
// container credentials endpoint. The first source that has keys wins.
#include <optional>
#include <string>

#include "aws/aws_config.hpp"

namespace larkbase::aws {

std::optional<AwsCredentials> credentials_from_env(const EnvLookup& env);

// AWS_SHARED_CREDENTIALS_FILE (default ~/.aws/credentials), profile
// AWS_PROFILE (default "default"). A profile named but absent is a UserError.
std::optional<AwsCredentials> credentials_from_shared_file(const EnvLookup& env);

// AWS_CONTAINER_CREDENTIALS_FULL_URI, or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
// on http://169.254.170.2, with AWS_CONTAINER_AUTHORIZATION_TOKEN (or the
// content of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) as Authorization.
std::optional<AwsCredentials> credentials_from_container(const EnvLookup& env);

// Parses an INI-style credentials file and returns the profile's keys.
std::optional<AwsCredentials> parse_credentials_file(const std::string& text,
                                                     const std::string& profile);

AwsCredentials resolve_credentials(const EnvLookup& env);

}  // namespace larkbase::aws
