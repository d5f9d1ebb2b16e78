#include "emulator_client.hpp"

#include <stdexcept>

namespace larkbase::testing {
namespace {

Reply to_reply(const httplib::Result& result) {
  if (!result)
    throw std::runtime_error("request to the emulator failed: " +
                             httplib::to_string(result.error()));
  Reply reply;
  reply.status = result->status;
  reply.headers = result->headers;
  reply.body =
      result->body.empty() ? common::Json() : common::parse_json(result->body, "emulator response");
  return reply;
}

}  // namespace

EmulatorClient::EmulatorClient(const EmulatorProcess& emulator)
    : emulator_(emulator), client_(emulator.url()) {
  client_.set_read_timeout(30, 0);
}

Reply EmulatorClient::fetch_token() {
  common::Json body = {{"app_id", emulator_.app_id()}, {"app_secret", emulator_.app_secret()}};
  return post("/open-apis/auth/v3/tenant_access_token/internal", body);
}

void EmulatorClient::authenticate() {
  token_ = fetch_token().body.at("tenant_access_token").get<std::string>();
}

httplib::Headers EmulatorClient::auth_headers() const {
  if (token_.empty()) return {};
  return {{"Authorization", "Bearer " + token_}};
}

Reply EmulatorClient::get(const std::string& path) {
  return to_reply(client_.Get(path, auth_headers()));
}

Reply EmulatorClient::post(const std::string& path, const common::Json& body) {
  if (body.is_null()) return to_reply(client_.Post(path, auth_headers()));
  return post_raw(path, body.dump());
}

Reply EmulatorClient::post_raw(const std::string& path, const std::string& body) {
  return to_reply(client_.Post(path, auth_headers(), body, "application/json"));
}

std::string table_path(const std::string& app_token, const std::string& table_id,
                       const std::string& suffix) {
  return "/open-apis/bitable/v1/apps/" + app_token + "/tables/" + table_id + suffix;
}

}  // namespace larkbase::testing
