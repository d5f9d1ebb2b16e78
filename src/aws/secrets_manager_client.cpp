#include "aws/secrets_manager_client.hpp"

#include <fmt/format.h>

#include "common/base64.hpp"
#include "common/error.hpp"

namespace larkbase::aws {

SecretsManagerClient::SecretsManagerClient(AwsConfig config)
    : SecretsManagerClient(std::make_shared<AwsTransport>(std::move(config))) {}

SecretsManagerClient::SecretsManagerClient(std::shared_ptr<AwsTransport> transport)
    : transport_(std::move(transport)) {}

SecretValue SecretsManagerClient::get_secret_value(const std::string& secret_id) {
  common::Json output = transport_->call_json(AwsService::kSecretsManager, "GetSecretValue",
                                              {{"SecretId", secret_id}});
  SecretValue value;
  value.name = output.value("Name", std::string());
  value.arn = output.value("ARN", std::string());
  value.version_id = output.value("VersionId", std::string());
  value.secret_string = output.value("SecretString", std::string());
  if (auto binary = output.value("SecretBinary", std::string()); !binary.empty()) {
    value.secret_binary = common::base64_decode(binary);
  }
  return value;
}

common::Json SecretsManagerClient::get_secret_json(const std::string& secret_id) {
  SecretValue value = get_secret_value(secret_id);
  common::Json json;
  try {
    json = common::Json::parse(value.secret_string);
  } catch (const std::exception&) {
    // The parser's message may quote the secret: say only where it failed.
    throw common::UserError(
        fmt::format("the secret '{}' is not a JSON object; store it as JSON, e.g. "
                    "{{\"lark_app_id\": \"...\", \"lark_app_secret\": \"...\"}}",
                    secret_id));
  }
  if (!json.is_object()) {
    throw common::UserError(
        fmt::format("the secret '{}' is JSON but not an object; store a JSON object", secret_id));
  }
  return json;
}

}  // namespace larkbase::aws
