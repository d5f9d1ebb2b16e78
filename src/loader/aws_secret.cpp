#include "loader/aws_secret.hpp"

#include <fmt/format.h>

#include "aws/aws_config.hpp"
#include "aws/aws_error.hpp"
#include "aws/secrets_manager_client.hpp"
#include "common/error.hpp"
#include "common/json.hpp"

namespace larkbase::loader {
namespace {

struct Reference {
  std::string name;
  std::string key;  // empty: the whole secret string
  bool has_key = false;
};

Reference parse_reference(const std::string& field, const std::string& spec) {
  Reference r;
  auto hash = spec.find('#');
  r.name = spec.substr(0, hash);
  if (hash != std::string::npos) {
    r.has_key = true;
    r.key = spec.substr(hash + 1);
  }
  if (r.name.empty() || (r.has_key && r.key.empty())) {
    throw common::UserError(
        fmt::format("field '{}': 'aws-sm:{}' is not a valid reference: write aws-sm:SECRET_NAME or "
                    "aws-sm:SECRET_NAME#json_key",
                    field, spec));
  }
  return r;
}

aws::SecretValue fetch(const std::string& field, const Reference& r) {
  std::string where =
      fmt::format("field '{}' refers to the AWS Secrets Manager secret '{}'", field, r.name);
  try {
    aws::SecretsManagerClient client(aws::resolve_aws_config());
    return client.get_secret_value(r.name);
  } catch (const aws::AwsError& e) {
    if (e.not_found()) {
      throw common::UserError(fmt::format(
          "{}, which does not exist ({}): create it (aws secretsmanager create-secret --name {} "
          "--secret-string ...) or fix the reference",
          where, e.code(), r.name));
    }
    throw common::Error(e.kind(), fmt::format("{}, which cannot be read: {}", where, e.what()),
                        e.retryable());
  } catch (const common::Error& e) {
    // No region or no credentials: the message says which variables to set.
    throw common::Error(e.kind(), fmt::format("{}: {}", where, e.what()), e.retryable());
  }
}

std::string member(const std::string& field, const Reference& r, const aws::SecretValue& value) {
  common::Json json;
  try {
    json = common::Json::parse(value.secret_string);
  } catch (const std::exception&) {
    json = nullptr;  // the parser's message could quote the secret
  }
  if (!json.is_object()) {
    throw common::UserError(fmt::format(
        "field '{}': the AWS Secrets Manager secret '{}' is not a JSON object, so it has no key "
        "'{}': store a JSON object or drop '#{}' to use the whole secret string",
        field, r.name, r.key, r.key));
  }
  auto it = json.find(r.key);
  if (it == json.end() || !(it->is_string() || it->is_number())) {
    throw common::UserError(
        fmt::format("field '{}': the AWS Secrets Manager secret '{}' has no string member '{}': "
                    "add it to the secret or fix the reference aws-sm:{}#KEY",
                    field, r.name, r.key, r.name));
  }
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace

std::string read_aws_sm_reference(const std::string& field, const std::string& spec) {
  Reference r = parse_reference(field, spec);
  aws::SecretValue value = fetch(field, r);
  if (r.has_key) return member(field, r, value);
  if (value.secret_string.empty()) {
    if (!value.secret_binary.empty()) return value.secret_binary;
    throw common::UserError(
        fmt::format("field '{}': the AWS Secrets Manager secret '{}' is empty: put the value in it",
                    field, r.name));
  }
  return value.secret_string;
}

}  // namespace larkbase::loader
