#pragma once
// Deterministic pseudo-random streams for the demo data. Every record draws from
// its own stream keyed by (seed, table, row, purpose), so any record, or any one
// attribute a lookup needs, can be recomputed without generating the others.
#include <cstdint>
#include <span>
#include <string_view>

namespace larkbase::emulator::demo {

// SplitMix64 finaliser: a bijection on 64-bit values, so distinct inputs give
// distinct outputs (record ids rely on that).
constexpr uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// FNV-1a, then mixed: a stable hash of a name (not the std::hash of the platform).
constexpr uint64_t hash_text(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return mix64(h);
}

class Rng {
 public:
  explicit Rng(uint64_t state) : state_(state) {}

  uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  // Uniform in [0, n); the modulo bias is irrelevant for demo data.
  uint64_t below(uint64_t n) { return next() % n; }
  // Uniform in [lo, hi], both inclusive.
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double probability) { return unit() < probability; }

  template <typename T>
  const T& pick(std::span<const T> items) {
    return items[below(items.size())];
  }

 private:
  uint64_t state_;
};

// The stream of one row of one table for one purpose ("" = the row's main stream).
inline Rng row_rng(uint64_t seed, std::string_view table, int64_t row,
                   std::string_view purpose = {}) {
  const uint64_t key = mix64(seed ^ hash_text(table)) ^ hash_text(purpose);
  return Rng(mix64(key + static_cast<uint64_t>(row) * 0xd1b54a32d192ed03ULL));
}

}  // namespace larkbase::emulator::demo
