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

constexpr size_t kInitialSlots = 1024;

}  // namespace

bool RecordIdSet::insert(std::string_view record_id) {
  uint64_t hash = hash_id(record_id);
  std::lock_guard lock(mutex_);
  if ((size_ + 1) * 4 > slots_.size() * 3) grow();
  return insert_hash(hash);
}

size_t RecordIdSet::size() const {
  std::lock_guard lock(mutex_);
  return size_;
}

bool RecordIdSet::insert_hash(uint64_t hash) {
  const size_t mask = slots_.size() - 1;
  for (size_t slot = size_t(hash) & mask;; slot = (slot + 1) & mask) {
    if (slots_[slot] == hash) return false;
    if (slots_[slot] == 0) {
      slots_[slot] = hash;
      ++size_;
      return true;
    }
  }
}

void RecordIdSet::grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? kInitialSlots : old.size() * 2, 0);
  size_ = 0;
  for (uint64_t hash : old) {
    if (hash != 0) insert_hash(hash);
  }
}

}  // namespace larkbase::connector
