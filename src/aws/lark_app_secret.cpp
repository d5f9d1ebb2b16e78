#include "aws/lark_app_secret.hpp"

#include <fmt/format.h>

#include "common/error.hpp"

namespace larkbase::aws {

LarkAppCredentials read_lark_app_secret(SecretsManagerClient& secrets,
                                        const std::string& secret_name) {
  const common::Json secret = secrets.get_secret_json(secret_name);
  auto text = [&](const char* key) -> std::string {
    auto it = secret.find(key);
    if (it == secret.end() || !it->is_string() || it->get<std::string>().empty()) {
      throw common::UserError(
          fmt::format("the Secrets Manager secret '{}' must be a JSON object with non-empty "
                      "string members lark_app_id and lark_app_secret ({} is missing or not a "
                      "string)",
                      secret_name, key));
    }
    return it->get<std::string>();
  };
  return {text("lark_app_id"), text("lark_app_secret")};
}

}  // namespace larkbase::aws
