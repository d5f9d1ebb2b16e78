#pragma once
// A small open-addressing hash map from Lark field name to a slot number, built once
// per read. Cell keys are matched in place, as raw JSON bytes: the hash covers at most
// the first eight bytes of the key (one word load), and a candidate is confirmed by
// comparing the rest of its name and the closing quote, so the common key costs one
// hash and one compare, with no unescaping and no allocation. Keys with escapes go
// through find().
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
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
      auto [head, prefix] = head_of(name);
      uint64_t hash = mix(head, prefix);
      size_t at = hash & mask_;
      while (buckets_[at].value >= 0) at = (at + 1) & mask_;
      // A name holding a quote or a backslash is escaped in JSON: only find() sees it.
      bool raw_matchable = name.find_first_of("\"\\") == std::string::npos;
      buckets_[at] =
          Bucket{hash, head, value, int32_t(names_.size()), uint8_t(prefix), raw_matchable};
      names_.push_back(name);
    }
  }

  // `raw` points just after the opening quote of a JSON key in a padded buffer.
  // Returns the slot, or -1; sets `maybe_escaped` when the key has a backslash in its
  // first eight bytes (the caller then unescapes it and calls find()).
  int32_t find_raw(const char* raw, bool& maybe_escaped) const {
    maybe_escaped = false;
    if (buckets_.empty()) return -1;
    // The first quote or backslash among the first eight bytes, found with word
    // arithmetic: this runs once per cell of every record.
    uint64_t word;
    std::memcpy(&word, raw, sizeof word);
    uint64_t stops = byte_matches(word, '"') | byte_matches(word, '\\');
    size_t prefix = stops == 0 ? 8 : size_t(std::countr_zero(stops)) / 8;
    if (prefix < 8 && raw[prefix] == '\\') {
      maybe_escaped = true;
      return -1;
    }
    uint64_t head = prefix == 8 ? word : word & ((uint64_t(1) << (8 * prefix)) - 1);
    uint64_t hash = mix(head, prefix);
    for (size_t at = hash & mask_;; at = (at + 1) & mask_) {
      const Bucket& bucket = buckets_[at];
      if (bucket.value < 0) return -1;
      if (bucket.hash != hash || bucket.head != head || bucket.prefix != prefix ||
          !bucket.raw_matchable) {
        continue;
      }
      // Equal first bytes (all of a short name, and the quote after it); a longer
      // name compares its tail, stopping at the first difference so that it never
      // reads past the key's closing quote (the name holds no quote).
      const std::string& name = names_[size_t(bucket.name)];
      size_t i = 8;
      while (i < name.size() && raw[i] == name[i]) ++i;
      if (i >= name.size() && (name.size() < 8 || raw[name.size()] == '"')) return bucket.value;
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
    uint64_t head = 0;  // the name's first (up to) eight bytes, zero-padded
    int32_t value = -1;
    int32_t name = -1;
    uint8_t prefix = 0;  // how many bytes `head` holds
    bool raw_matchable = true;
  };

  // Bytes of `word` equal to `c`: the high bit of each such byte is set. Exact for
  // the lowest matching byte (a borrow can only mark bytes above a true match).
  static uint64_t byte_matches(uint64_t word, char c) {
    uint64_t x = word ^ (0x0101010101010101ull * uint8_t(c));
    return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
  }
  // A name's first (up to) eight bytes as a zero-padded word, and how many.
  static std::pair<uint64_t, size_t> head_of(std::string_view name) {
    size_t count = name.size() < 8 ? name.size() : 8;
    uint64_t head = 0;
    std::memcpy(&head, name.data(), count);
    return {head, count};
  }
  static uint64_t hash_of(std::string_view name) {
    auto [head, count] = head_of(name);
    return mix(head, count);
  }
  // The hash covers the first eight bytes (zero-padded) and how many there were.
  static uint64_t mix(uint64_t head, size_t count) {
    uint64_t hash = (head ^ (uint64_t(count) << 56)) * 0x9E3779B97F4A7C15ull;
    return hash ^ (hash >> 31);
  }

  std::vector<Bucket> buckets_;
  std::vector<std::string> names_;
  size_t mask_ = 0;
};

}  // namespace larkbase::types
