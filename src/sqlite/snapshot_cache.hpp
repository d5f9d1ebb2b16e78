#pragma once
// Repeated scans of one table within one statement (the inner side of a nested-loop
// join: one scan per outer row, each a Lark call) are answered from a snapshot of
// the table once they repeat, instead of one call per outer row.
//
// The cost stays bounded for tables of any size: after 3, 12, 48, ... scans of the
// same table and columns, the cache tries to read the whole table, giving up after
// as many pages as scans were made so far. A table too large to snapshot thus costs
// at most about a third more calls than the scans themselves; a small one costs its
// few pages once, whatever the number of outer rows. No snapshot exceeds kMaxPages
// nor TableSnapshot::kDefaultMaxBytes (64 MB of batches), and none outlives its
// statement: a table scanned once is never held.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "connector/connector.hpp"
#include "connector/table_snapshot.hpp"

namespace larkbase::sqlite {

class SnapshotCache {
 public:
  static constexpr int64_t kFirstAttempt = 3;
  // Memory bound: a snapshot holds at most this many pages (of 500 records).
  static constexpr int64_t kMaxPages = 2000;

  // A reader answering `split` from a snapshot, once scans like it have repeated;
  // null when the split must be read from Lark. What a snapshot read cost is added
  // to `spent`.
  std::unique_ptr<connector::BatchReader> reader_for(const connector::Split& split,
                                                     connector::Connector& connector,
                                                     connector::ReadStats& spent);

  // Forgets every snapshot (at each statement: results must be as fresh as it).
  void clear() { entries_.clear(); }
  void set_enabled(bool enabled) { enabled_ = enabled; }

 private:
  struct Entry {
    int64_t scans = 0;
    int64_t next_attempt = kFirstAttempt;
    std::shared_ptr<const connector::TableSnapshot> snapshot;
  };
  std::map<std::string, Entry> entries_;  // by table and the columns read
  bool enabled_ = true;
};

}  // namespace larkbase::sqlite
