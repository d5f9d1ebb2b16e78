#pragma once
// A constant JSON member name, matched against a key's raw bytes in place.
//
// The normaliser compares every member key of every cell against a few constant names
// ("id", "name", "email", ...). simdjson's unsafe_is_equal() calls memcmp with a runtime
// length for each comparison, which showed as 6 % of the normaliser's profile. A RawKey
// holds the name and its closing quote as little-endian 8-byte words with masks, built at
// compile time ("name"_key), so a comparison is one to three loads and masked compares.
//
// Reads up to 24 bytes from the key's first byte: simdjson guarantees SIMDJSON_PADDING
// (64) readable bytes after the document, so this never leaves the buffer. A key written
// with escapes does not match, exactly as with unsafe_is_equal().
#include <simdjson.h>

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace larkbase::types::json {

static_assert(std::endian::native == std::endian::little, "RawKey assumes little-endian words");

class RawKey {
 public:
  static constexpr size_t kMaxLength = 23;  // + the closing quote = three words

  // Compile-time only (through operator""_key): a name that is too long or holds a
  // quote or a backslash fails to compile.
  consteval RawKey(const char* text, size_t length) : length_(length) {
    if (length > kMaxLength) throw "RawKey: name longer than 23 bytes";
    for (size_t i = 0; i <= length; ++i) {
      char c = i < length ? text[i] : '"';
      if (i < length && (c == '"' || c == '\\')) throw "RawKey: name needs escaping";
      words_[i / 8] |= uint64_t(uint8_t(c)) << (8 * (i % 8));
      masks_[i / 8] |= uint64_t(0xFF) << (8 * (i % 8));
    }
    word_count_ = (length + 1 + 7) / 8;
  }

  // `raw` points just after the opening quote of a key in a padded buffer.
  [[gnu::always_inline]] bool matches(const char* raw) const {
    for (size_t w = 0; w < word_count_; ++w) {
      uint64_t word;
      std::memcpy(&word, raw + 8 * w, sizeof word);
      if ((word & masks_[w]) != words_[w]) return false;
    }
    return true;
  }

  constexpr size_t length() const { return length_; }

 private:
  std::array<uint64_t, 3> words_{};
  std::array<uint64_t, 3> masks_{};
  size_t word_count_ = 0;
  size_t length_ = 0;
};

consteval RawKey operator""_key(const char* text, size_t length) { return RawKey(text, length); }

// Whether a member's key is `name` (compared raw, without unescaping).
[[gnu::always_inline]] inline bool key_is(const simdjson::ondemand::field& member,
                                          const RawKey& name) {
  return name.matches(member.key().raw());
}

// The index of the first of `names` that the member's key spells, or -1.
template <size_t N>
[[gnu::always_inline]] inline int key_index(const simdjson::ondemand::field& member,
                                            const std::array<RawKey, N>& names) {
  const char* raw = member.key().raw();
  for (size_t i = 0; i < N; ++i) {
    if (names[i].matches(raw)) return int(i);
  }
  return -1;
}

}  // namespace larkbase::types::json
