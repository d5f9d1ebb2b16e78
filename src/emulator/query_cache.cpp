#include "emulator/query_cache.hpp"

namespace larkbase::emulator {

QueryCache::QueryCache(size_t max_entries, size_t max_rows, std::chrono::seconds idle_ttl,
                       Clock clock)
    : max_entries_(max_entries),
      max_rows_(max_rows),
      idle_ttl_(idle_ttl),
      clock_(std::move(clock)) {}

uint64_t QueryCache::put(std::shared_ptr<const QueryResult> result) {
  std::lock_guard lock(mutex_);
  auto now = clock_();
  uint64_t id = next_id_++;
  rows_ += result->cost();
  lru_.push_front(Entry{id, std::move(result), now});
  index_[id] = lru_.begin();
  evict_locked(now);
  return id;
}

std::shared_ptr<const QueryResult> QueryCache::get(uint64_t id) {
  std::lock_guard lock(mutex_);
  auto now = clock_();
  evict_locked(now);
  auto found = index_.find(id);
  if (found == index_.end()) return nullptr;
  auto it = found->second;
  it->last_used = now;
  lru_.splice(lru_.begin(), lru_, it);
  return it->result;
}

size_t QueryCache::size() const {
  std::lock_guard lock(mutex_);
  return lru_.size();
}

void QueryCache::evict_locked(TimePoint now) {
  // Idle entries sit at the back; the newest entry always survives the bounds.
  while (!lru_.empty() && now - lru_.back().last_used > idle_ttl_) {
    erase_locked(std::prev(lru_.end()));
  }
  while (lru_.size() > 1 && (lru_.size() > max_entries_ || rows_ > max_rows_)) {
    erase_locked(std::prev(lru_.end()));
  }
}

void QueryCache::erase_locked(std::list<Entry>::iterator it) {
  rows_ -= it->result->cost();
  index_.erase(it->id);
  lru_.erase(it);
}

}  // namespace larkbase::emulator
