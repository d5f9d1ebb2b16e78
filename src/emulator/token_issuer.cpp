#include "emulator/token_issuer.hpp"

#include <random>

#include "emulator/api_error.hpp"

namespace larkbase::emulator {
namespace {

constexpr std::chrono::minutes kReuseWhileLeft{30};

}  // namespace

TokenIssuer::TokenIssuer(std::string app_id, std::string app_secret, std::chrono::seconds ttl,
                         Clock clock)
    : app_id_(std::move(app_id)),
      app_secret_(std::move(app_secret)),
      ttl_(ttl),
      clock_(std::move(clock)) {}

TokenIssuer::Issued TokenIssuer::issue(std::string_view app_id, std::string_view app_secret) {
  if (app_id != app_id_ || app_secret != app_secret_) {
    throw ApiError(200, codes::kAppSecretInvalid, "app secret invalid");
  }
  std::lock_guard lock(mutex_);
  auto now = clock_();
  std::erase_if(expiry_, [&](const auto& entry) { return entry.second <= now; });
  auto current = expiry_.find(current_);
  if (current == expiry_.end() || current->second - now < kReuseWhileLeft) {
    current_ = new_token();
    current = expiry_.emplace(current_, now + ttl_).first;
  }
  auto left = std::chrono::duration_cast<std::chrono::seconds>(current->second - now);
  return Issued{current_, left.count()};
}

std::optional<std::string> TokenIssuer::app_of(std::string_view token) {
  std::lock_guard lock(mutex_);
  auto found = expiry_.find(std::string(token));
  if (found == expiry_.end() || found->second <= clock_()) return std::nullopt;
  return app_id_;
}

std::string TokenIssuer::new_token() {
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::string token = "t-g";
  std::uniform_int_distribution<int> pick(0, int(sizeof(kAlphabet)) - 2);
  for (int i = 0; i < 37; ++i) token += kAlphabet[pick(random)];
  return token;
}

}  // namespace larkbase::emulator
