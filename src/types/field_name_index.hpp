#pragma once
// A small open-addressing hash map from Lark field name to a slot number, built once
// per read. Cell keys are matched in place, as raw JSON bytes: the hash covers at most
// the first eight bytes of the key, and a candidate is confirmed by comparing its name
// and the closing quote, so the common key costs a bounded scan, one hash and one
// compare, with no unescaping and no allocation. Keys with escapes go through find().
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace larkbase::types {

class FieldNameIndex {
 public:
  void build(const std::vector<std::pair<std::string, int32_t>>& entries) {
    size_t capacity = 8;
    while (capacity < entries.size() * 2) capacity <<= 1;
    mask_ = capacity - 1;
    buckets_.assign(capacity, Bucket{});
    names_.clear();
    for (const auto& [name, value] : entries) {
      uint64_t hash = hash_of(name);
      size_t at = hash & mask_;
      while (buckets_[at].value >= 0) at = (at + 1) & mask_;
      // A name holding a quote or a backslash is escaped in JSON: only find() sees it.
      bool raw_matchable = name.find_first_of("\"\\") == std::string::npos;
      buckets_[at] = Bucket{hash, value, int32_t(names_.size()), raw_matchable};
      names_.push_back(name);
    }
  }

  // `raw` points just after the opening quote of a JSON key in a padded buffer.
  // Returns the slot, or -1; sets `maybe_escaped` when the key has a backslash in its
  // first eight bytes (the caller then unescapes it and calls find()).
  int32_t find_raw(const char* raw, bool& maybe_escaped) const {
    maybe_escaped = false;
    if (buckets_.empty()) return -1;
    size_t prefix = 0;
    while (prefix < 8 && raw[prefix] != '"' && raw[prefix] != '\\') ++prefix;
    if (prefix < 8 && raw[prefix] == '\\') {
      maybe_escaped = true;
      return -1;
    }
    uint64_t hash = mix(raw, prefix);
    for (size_t at = hash & mask_;; at = (at + 1) & mask_) {
      const Bucket& bucket = buckets_[at];
      if (bucket.value < 0) return -1;
      if (bucket.hash != hash || !bucket.raw_matchable) continue;
      const std::string& name = names_[size_t(bucket.name)];
      if (raw[name.size()] == '"' && std::memcmp(raw, name.data(), name.size()) == 0) {
        return bucket.value;
      }
    }
  }

  // The slot of an unescaped name, or -1.
  int32_t find(std::string_view name) const {
    if (buckets_.empty()) return -1;
    uint64_t hash = hash_of(name);
    for (size_t at = hash & mask_;; at = (at + 1) & mask_) {
      const Bucket& bucket = buckets_[at];
      if (bucket.value < 0) return -1;
      if (bucket.hash == hash && names_[size_t(bucket.name)] == name) return bucket.value;
    }
  }

 private:
  struct Bucket {
    uint64_t hash = 0;
    int32_t value = -1;
    int32_t name = -1;
    bool raw_matchable = true;
  };

  static uint64_t hash_of(std::string_view name) {
    return mix(name.data(), name.size() < 8 ? name.size() : 8);
  }
  static uint64_t mix(const char* bytes, size_t count) {
    uint64_t prefix = 0;
    if (count > 0) std::memcpy(&prefix, bytes, count);
    uint64_t hash = (prefix ^ (uint64_t(count) << 56)) * 0x9E3779B97F4A7C15ull;
    return hash ^ (hash >> 31);
  }

  std::vector<Bucket> buckets_;
  std::vector<std::string> names_;
  size_t mask_ = 0;
};

}  // namespace larkbase::types
