#pragma once
// The Lark app credentials kept in AWS Secrets Manager, in the format the
// seeds and the reference connector use (reference-java-connector.md §1.2):
// a JSON object {"lark_app_id": "…", "lark_app_secret": "…"}. Shared by the
// crawler Lambda and the Athena connector. Errors name the secret, never its
// content.
#include <string>

#include "aws/secrets_manager_client.hpp"

namespace larkbase::aws {

struct LarkAppCredentials {
  std::string app_id;
  std::string app_secret;
};

// Throws UserError naming the secret when it is not such an object.
LarkAppCredentials read_lark_app_secret(SecretsManagerClient& secrets,
                                        const std::string& secret_name);

}  // namespace larkbase::aws
