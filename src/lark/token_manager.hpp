#pragma once
// Caches the tenant_access_token and refreshes it BEFORE it expires (margin:
// 3 minutes or 10% of its lifetime, whichever is smaller), so a long scan never
// sends a token that dies in flight. When Lark rejects a token anyway, the
// caller invalidates it and the next token() fetches a fresh one. Thread-safe;
// concurrent callers share one fetch.
#include <chrono>
#include <functional>
#include <mutex>
#include <string>

namespace larkbase::lark {

struct TokenGrant {
  std::string token;
  std::chrono::seconds expire{0};  // lifetime as Lark reports it
};

class TokenManager {
 public:
  using Fetch = std::function<TokenGrant()>;
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit TokenManager(Fetch fetch, Clock now = {});

  // The current token, fetched first when missing or due for refresh.
  std::string token();

  // Forgets `rejected` if it is still the cached token (another thread may
  // already have replaced it).
  void invalidate(const std::string& rejected);

  // How long before expiry a token is replaced: min(3 min, ttl / 10).
  static std::chrono::milliseconds refresh_margin(std::chrono::seconds ttl);

  // When the cached token will be refreshed (time_point{} when none is cached).
  std::chrono::steady_clock::time_point refresh_at() const;

 private:
  Fetch fetch_;
  Clock now_;
  mutable std::mutex mutex_;
  std::string token_;
  std::chrono::steady_clock::time_point refresh_at_{};
};

}  // namespace larkbase::lark
