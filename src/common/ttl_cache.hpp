#pragma once
// A map whose entries expire `ttl` after they were loaded, with an injectable
// clock (tests move time by hand). Used for Lark field lists (lark::FieldCache) and
// the catalog's listings and schemas. Thread-safe; the loader runs without the
// lock held so one slow load does not block lookups of other keys (two threads
// missing the same key may both load it; the later result is kept).
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace larkbase::common {

using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;

inline SteadyClock default_clock() {
  return [] { return std::chrono::steady_clock::now(); };
}

template <typename Key, typename Value>
class TtlCache {
 public:
  TtlCache(std::chrono::seconds ttl, SteadyClock clock)
      : ttl_(ttl), clock_(clock ? std::move(clock) : default_clock()) {}

  // The fresh value of `key`, or loader(stale) where `stale` says whether an
  // expired entry existed (callers then bypass lower caches too).
  Value get(const Key& key, const std::function<Value(bool stale)>& loader) {
    bool stale = false;
    {
      std::lock_guard lock(mutex_);
      auto it = entries_.find(key);
      if (it != entries_.end()) {
        if (clock_() - it->second.loaded_at < ttl_) return it->second.value;
        stale = true;
      }
    }
    Value value = loader(stale);
    std::lock_guard lock(mutex_);
    entries_.insert_or_assign(key, Entry{value, clock_()});
    return value;
  }

  // The cached value even when expired (nullopt when never loaded).
  std::optional<Value> peek(const Key& key) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second.value;
  }

  void invalidate(const Key& key) {
    std::lock_guard lock(mutex_);
    entries_.erase(key);
  }

  void clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
  }

 private:
  struct Entry {
    Value value;
    std::chrono::steady_clock::time_point loaded_at;
  };
  std::chrono::seconds ttl_;
  SteadyClock clock_;
  mutable std::mutex mutex_;
  std::map<Key, Entry> entries_;
};

}  // namespace larkbase::common
