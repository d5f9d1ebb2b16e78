#pragma once
// tenant_access_token issuing with Lark's lifetime rule: the same token comes
// back while it has at least 30 minutes left; with less, a new one is issued
// and the old one stays valid until it expires (spec §1.1).
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace larkbase::emulator {

class TokenIssuer {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  TokenIssuer(
      std::string app_id, std::string app_secret, std::chrono::seconds ttl,
      Clock clock = [] { return std::chrono::steady_clock::now(); });

  struct Issued {
    std::string token;
    long long expire_seconds;  // remaining lifetime
  };
  // Throws ApiError(200, 10014) when the credentials do not match.
  Issued issue(std::string_view app_id, std::string_view app_secret);
  // The app a live token belongs to; empty when unknown or expired.
  std::optional<std::string> app_of(std::string_view token);

 private:
  std::string new_token();

  const std::string app_id_;
  const std::string app_secret_;
  const std::chrono::seconds ttl_;
  const Clock clock_;
  std::mutex mutex_;
  std::string current_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> expiry_;
};

}  // namespace larkbase::emulator
