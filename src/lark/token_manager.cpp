#include "lark/token_manager.hpp"

#include <algorithm>

namespace larkbase::lark {

TokenManager::TokenManager(Fetch fetch, Clock now)
    : fetch_(std::move(fetch)), now_(std::move(now)) {
  if (!now_) now_ = [] { return std::chrono::steady_clock::now(); };
}

std::chrono::milliseconds TokenManager::refresh_margin(std::chrono::seconds ttl) {
  std::chrono::milliseconds tenth = std::chrono::duration_cast<std::chrono::milliseconds>(ttl) / 10;
  return std::min<std::chrono::milliseconds>(std::chrono::minutes(3), tenth);
}

std::string TokenManager::token() {
  std::lock_guard lock(mutex_);
  // Measured from before the fetch, so the time the request took is not
  // counted as lifetime the token still has.
  auto requested_at = now_();
  if (!token_.empty() && requested_at < refresh_at_) return token_;
  TokenGrant grant = fetch_();
  token_ = grant.token;
  refresh_at_ = requested_at + grant.expire - refresh_margin(grant.expire);
  return token_;
}

void TokenManager::invalidate(const std::string& rejected) {
  std::lock_guard lock(mutex_);
  if (token_ == rejected) {
    token_.clear();
    refresh_at_ = {};
  }
}

std::chrono::steady_clock::time_point TokenManager::refresh_at() const {
  std::lock_guard lock(mutex_);
  return refresh_at_;
}

}  // namespace larkbase::lark
