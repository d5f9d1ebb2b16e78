#pragma once
// A thin HTTP client for the emulator under test: JSON in, status + JSON out.
#include <httplib.h>

#include <string>

#include "common/json.hpp"
#include "emulator_process.hpp"

namespace larkbase::testing {

struct Reply {
  int status = 0;
  common::Json body;
  httplib::Headers headers;
};

class EmulatorClient {
 public:
  explicit EmulatorClient(const EmulatorProcess& emulator);

  // POSTs the app's credentials to the token endpoint.
  Reply fetch_token();
  // Fetches a token and uses it for the following calls.
  void authenticate();
  void set_token(std::string token) { token_ = std::move(token); }

  Reply get(const std::string& path);
  // `body` null: no body at all.
  Reply post(const std::string& path, const common::Json& body);
  Reply post_raw(const std::string& path, const std::string& body);

 private:
  httplib::Headers auth_headers() const;
  const EmulatorProcess& emulator_;
  httplib::Client client_;
  std::string token_;
};

// "/open-apis/bitable/v1/apps/<app>/tables/<table>" + `suffix`.
std::string table_path(const std::string& app_token, const std::string& table_id,
                       const std::string& suffix);

}  // namespace larkbase::testing
