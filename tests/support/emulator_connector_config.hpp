#pragma once
// A connector configuration for an emulator started by EmulatorProcess, built
// from its handshake only (never from the caller's environment): its URL and
// credentials, a client rate limit high enough never to wait, and every base of
// the handshake as a direct source named by its lower-cased name (so naming a
// schema costs no base-name lookup). Header-only: its users link the connector.
#include <cctype>
#include <string>

#include "connector/connector.hpp"
#include "emulator_process.hpp"

namespace larkbase::testing {

inline connector::ConnectorConfig emulator_connector_config(const EmulatorProcess& emulator,
                                                            bool pushdown) {
  connector::ConnectorConfig config;
  config.lark.api_url = emulator.url();
  config.lark.app_id = emulator.app_id();
  config.lark.app_secret = emulator.app_secret();
  config.lark.search_rate_limit = 1000;
  config.lark.default_rate_limit = 1000;
  for (const auto& base : emulator.handshake().at("bases")) {
    std::string schema = base.at("name").get<std::string>();
    for (char& c : schema) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    config.sources.bases.push_back({base.at("app_token").get<std::string>(), schema});
  }
  config.options.pushdown = pushdown;
  return config;
}

}  // namespace larkbase::testing
