#pragma once
// Results of search queries, computed once and then served page by page. A
// query's full ordered match list is kept under an id that the page token
// carries, so later pages cost O(page) and stay stable while a client pages.
// Bounded: least recently used entries go first, idle ones expire.
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace larkbase::emulator {

struct QueryResult {
  // Table, filter and sort as one string: a token only continues the same query.
  std::string fingerprint;
  // Unfiltered and unsorted queries keep no list: rows are [0, all_count).
  bool all_rows = false;
  uint32_t all_count = 0;
  std::vector<uint32_t> rows;  // record indexes in result order otherwise

  size_t size() const { return all_rows ? all_count : rows.size(); }
  uint32_t at(size_t i) const { return all_rows ? uint32_t(i) : rows[i]; }
  size_t cost() const { return all_rows ? 1 : rows.size() + 1; }
};

class QueryCache {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Clock = std::function<TimePoint()>;

  QueryCache(
      size_t max_entries, size_t max_rows, std::chrono::seconds idle_ttl,
      Clock clock = [] { return std::chrono::steady_clock::now(); });

  // Stores `result`; returns the id page tokens carry.
  uint64_t put(std::shared_ptr<const QueryResult> result);
  // The result stored under `id`, or nullptr when unknown, evicted or expired.
  std::shared_ptr<const QueryResult> get(uint64_t id);
  size_t size() const;

 private:
  struct Entry {
    uint64_t id;
    std::shared_ptr<const QueryResult> result;
    TimePoint last_used;
  };
  void evict_locked(TimePoint now);
  void erase_locked(std::list<Entry>::iterator it);

  const size_t max_entries_;
  const size_t max_rows_;
  const std::chrono::seconds idle_ttl_;
  const Clock clock_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<uint64_t, std::list<Entry>::iterator> index_;
  size_t rows_ = 0;
  uint64_t next_id_ = 1;
};

}  // namespace larkbase::emulator
