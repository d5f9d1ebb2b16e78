#pragma once
// The record ids one scan has returned, to prove that no record came twice.
// The SQL layer keys every row by its record id (WITHOUT ROWID virtual tables),
// so a record Lark sent twice would silently corrupt counts and joins.
//
// Why a repeat fails the scan instead of being dropped: a repeated record means
// the pages were not cut from one consistent result (the table changed while it
// was paged, or the API re-sent records). The same shift that repeats one record
// can skip another, which no client can see; dropping the copy would hide the
// only visible symptom and return a possibly incomplete result as complete.
//
// Memory: 64-bit hashes of the ids, not the ids themselves, in 256
// open-addressing shards (8 bytes a slot) picked by the hash's top byte. A shard
// grows by a quarter when it is 9/10 full, one shard at a time, so growing never
// holds two copies of the whole set and a shard is 72-90% full: about 10 bytes
// per record (10 MB for a million; doubling at 4/5 full took 13). Linear probing
// at 9/10 full costs about 50 slot reads an insert, a few cache lines: nothing
// next to parsing the record. A hash collision can only
// raise a false alarm (probability about n^2 / 2^65: 3e-8 at a million
// records), never let a real repeat through. Thread-safe: the streams of a
// parallel scan share one.
#include <array>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

namespace larkbase::connector {

class RecordIdSet {
 public:
  // Adds `record_id`; false when it (or, rarely, an id with the same hash) was
  // added before.
  bool insert(std::string_view record_id);
  size_t size() const;

 private:
  struct Shard {
    std::vector<uint64_t> slots;  // 0: empty (a hash of 0 is stored as 1)
    size_t size = 0;
  };
  static size_t home_slot(const Shard& shard, uint64_t hash);
  static bool insert_hash(Shard& shard, uint64_t hash);  // mutex held
  static void grow(Shard& shard);                        // mutex held

  mutable std::mutex mutex_;
  std::array<Shard, 256> shards_;
  size_t size_ = 0;
};

}  // namespace larkbase::connector
