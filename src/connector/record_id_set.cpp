#include "connector/record_id_set.hpp"

namespace larkbase::connector {
namespace {

// FNV-1a over the id, then a 64-bit finaliser (splitmix64) to spread the bits
// that pick the slot.
uint64_t hash_id(std::string_view id) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : id) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ull;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebull;
  hash ^= hash >> 31;
  return hash == 0 ? 1 : hash;
}

constexpr size_t kInitialSlots = 64;

}  // namespace

bool RecordIdSet::insert(std::string_view record_id) {
  uint64_t hash = hash_id(record_id);
  std::lock_guard lock(mutex_);
  Shard& shard = shards_[hash >> 56];
  if ((shard.size + 1) * 10 > shard.slots.size() * 9) grow(shard);
  if (!insert_hash(shard, hash)) return false;
  ++size_;
  return true;
}

size_t RecordIdSet::size() const {
  std::lock_guard lock(mutex_);
  return size_;
}

// 32 bits below the shard byte, scaled to the shard's size (which is not a
// power of two, and below 2^32): a multiply and a shift instead of a division.
size_t RecordIdSet::home_slot(const Shard& shard, uint64_t hash) {
  const uint64_t bits = (hash >> 24) & 0xffffffffu;
  return static_cast<size_t>((bits * uint64_t(shard.slots.size())) >> 32);
}

bool RecordIdSet::insert_hash(Shard& shard, uint64_t hash) {
  const size_t size = shard.slots.size();
  for (size_t slot = home_slot(shard, hash);; slot = slot + 1 == size ? 0 : slot + 1) {
    if (shard.slots[slot] == hash) return false;
    if (shard.slots[slot] == 0) {
      shard.slots[slot] = hash;
      ++shard.size;
      return true;
    }
  }
}

void RecordIdSet::grow(Shard& shard) {
  std::vector<uint64_t> old = std::move(shard.slots);
  shard.slots.assign(old.empty() ? kInitialSlots : old.size() + old.size() / 4, 0);
  shard.size = 0;
  for (uint64_t hash : old) {
    if (hash != 0) insert_hash(shard, hash);
  }
}

}  // namespace larkbase::connector
