#include "emulator/demo/ids.hpp"

#include "emulator/demo/random.hpp"

namespace larkbase::emulator::demo {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kHex = "0123456789abcdef";

// Characters drawn from a stream seeded by the key; alphabet size divides evenly
// enough for ids that only need to look random.
std::string draw_chars(std::string_view alphabet, std::string_view key, size_t length) {
  Rng rng(hash_text(key));
  std::string out;
  out.reserve(length);
  for (size_t i = 0; i < length; ++i) out.push_back(alphabet[rng.below(alphabet.size())]);
  return out;
}

}  // namespace

std::string stable_id(std::string_view prefix, std::string_view key, size_t length) {
  return std::string(prefix) + draw_chars(kBase62, key, length);
}

std::string hex_id(std::string_view key, size_t length) { return draw_chars(kHex, key, length); }

std::string record_id(uint64_t seed, std::string_view table_key, int64_t row) {
  // Eleven base62 digits hold any 64-bit value, so the encoding is injective too.
  uint64_t value = mix64(static_cast<uint64_t>(row) ^ mix64(seed ^ hash_text(table_key)));
  std::string digits(11, '0');
  for (size_t i = digits.size(); i-- > 0;) {
    digits[i] = kBase62[value % 62];
    value /= 62;
  }
  return "rec" + digits;
}

}  // namespace larkbase::emulator::demo
