// POST /open-apis/auth/v3/tenant_access_token/internal: the flat token
// response (no `data` wrapper), spec §1.1.
#include <spdlog/spdlog.h>

#include "emulator/http_support.hpp"
#include "emulator/server_context.hpp"

namespace larkbase::emulator {
namespace {

std::string string_member(const common::Json& body, const char* key) {
  auto found = body.find(key);
  if (found == body.end() || !found->is_string() || found->get_ref<const std::string&>().empty()) {
    throw ApiError(400, codes::kInvalidParameters,
                   fmt::format("Invalid request parameters: \"{}\" is required", key));
  }
  return found->get<std::string>();
}

}  // namespace

void register_auth_routes(ServerContext& context) {
  context.http.Post("/open-apis/auth/v3/tenant_access_token/internal",
                    [&context](const httplib::Request& req, httplib::Response& res) {
                      std::string log_id = new_log_id();
                      res.set_header("X-Tt-Logid", log_id);
                      try {
                        common::Json body = parse_body(req);
                        auto issued = context.tokens.issue(string_member(body, "app_id"),
                                                           string_member(body, "app_secret"));
                        common::Json out = {{"code", 0},
                                            {"msg", "ok"},
                                            {"tenant_access_token", issued.token},
                                            {"expire", issued.expire_seconds}};
                        send_json(res, 200, out.dump());
                      } catch (const ApiError& error) {
                        spdlog::debug("token request refused: code {}", error.code());
                        send_error(res, error, log_id);
                      }
                    });
}

}  // namespace larkbase::emulator
