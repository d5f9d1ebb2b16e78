#pragma once
// AWS Secrets Manager: GetSecretValue. The value is returned to the caller
// and never logged; errors name the secret, never its content.
#include <memory>
#include <string>

#include "aws/aws_config.hpp"
#include "aws/aws_transport.hpp"
#include "common/json.hpp"

namespace larkbase::aws {

struct SecretValue {
  std::string name;
  std::string arn;
  std::string version_id;
  std::string secret_string;  // empty when the secret is binary
  std::string secret_binary;  // decoded bytes
};

class SecretsManagerClient {
 public:
  explicit SecretsManagerClient(AwsConfig config);
  explicit SecretsManagerClient(std::shared_ptr<AwsTransport> transport);

  // `secret_id`: a name or an ARN.
  SecretValue get_secret_value(const std::string& secret_id);
  // The secret string parsed as a JSON object; UserError (naming the secret,
  // not its content) when it is not one.
  common::Json get_secret_json(const std::string& secret_id);

  AwsTransport& transport() { return *transport_; }

 private:
  std::shared_ptr<AwsTransport> transport_;
};

}  // namespace larkbase::aws
