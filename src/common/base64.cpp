#include "common/base64.hpp"

#include <array>
#include <cstring>

#include "common/error.hpp"

namespace larkbase::common {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> make_decode_table() {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (size_t i = 0; i < kAlphabet.size(); ++i) table[uint8_t(kAlphabet[i])] = int8_t(i);
  return table;
}
constexpr auto kDecode = make_decode_table();

// The two characters of every 12-bit group: one lookup writes two characters,
// which halves the table reads of the encoder's hot loop.
constexpr std::array<std::array<char, 2>, 4096> make_pair_table() {
  std::array<std::array<char, 2>, 4096> table{};
  for (size_t i = 0; i < table.size(); ++i) table[i] = {kAlphabet[i >> 6], kAlphabet[i & 63]};
  return table;
}
constexpr auto kPairs = make_pair_table();

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out(base64_size(bytes.size()), '\0');
  base64_encode_to(bytes, out.data());
  return out;
}

void base64_encode_to(std::string_view bytes, char* to) {
  // Written through a pointer into a pre-sized buffer: Arrow payloads of tens of
  // megabytes go through here (Athena responses), where a per-character append costs.
  const auto* from = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n = uint32_t(from[i]) << 16 | uint32_t(from[i + 1]) << 8 | from[i + 2];
    std::memcpy(to, kPairs[n >> 12].data(), 2);
    std::memcpy(to + 2, kPairs[n & 4095].data(), 2);
    to += 4;
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t(from[i]) << 16;
    if (rest == 2) n |= uint32_t(from[i + 1]) << 8;
    to[0] = kAlphabet[n >> 18 & 63];
    to[1] = kAlphabet[n >> 12 & 63];
    to[2] = rest == 2 ? kAlphabet[n >> 6 & 63] : '=';
    to[3] = '=';
  }
}

void Base64Writer::write(std::string_view bytes) {
  while (carried_ > 0 && carried_ < 3 && !bytes.empty()) {
    carry_[carried_++] = bytes.front();
    bytes.remove_prefix(1);
  }
  if (carried_ == 3) {
    base64_encode_to({carry_, 3}, to_);
    to_ += 4;
    carried_ = 0;
  }
  const size_t whole = bytes.size() / 3 * 3;
  base64_encode_to(bytes.substr(0, whole), to_);
  to_ += whole / 3 * 4;
  for (char c : bytes.substr(whole)) carry_[carried_++] = c;
}

char* Base64Writer::finish() {
  base64_encode_to({carry_, carried_}, to_);
  to_ += base64_size(carried_);
  carried_ = 0;
  return to_;
}

std::string base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    throw UserError("base64 text has a length that is not a multiple of 4");
  }
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t n = 0;
    int padding = 0;
    for (size_t j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++padding;
        n <<= 6;
        continue;
      }
      int8_t value = kDecode[uint8_t(c)];
      if (value < 0 || padding > 0) throw UserError("base64 text has an invalid character");
      n = n << 6 | uint32_t(value);
    }
    out += char(n >> 16 & 0xFF);
    if (padding < 2) out += char(n >> 8 & 0xFF);
    if (padding < 1) out += char(n & 0xFF);
  }
  return out;
}

}  // namespace larkbase::common
