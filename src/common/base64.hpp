#pragma once
// Standard base64 (RFC 4648 alphabet, '=' padding, no line breaks), as the
// Athena protocol and Lark page tokens use it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace larkbase::common {

std::string base64_encode(std::string_view bytes);
// The length of the base64 text of `n` bytes.
constexpr size_t base64_size(size_t n) { return (n + 2) / 3 * 4; }
// Writes the base64 text of `bytes` at `to` (base64_size(bytes.size()) chars):
// a caller can encode straight into its final buffer.
void base64_encode_to(std::string_view bytes, char* to);
// The base64 text of bytes handed in pieces, written at a caller's buffer: the
// bytes of a piece that do not fill a 3-byte group wait for the next piece.
class Base64Writer {
 public:
  explicit Base64Writer(char* to) : to_(to) {}
  void write(std::string_view bytes);
  // Encodes what is left (with '=' padding); returns the end of the text.
  char* finish();

 private:
  char* to_;
  char carry_[3] = {};
  size_t carried_ = 0;
};

// Throws UserError on characters outside the alphabet or a bad length.
std::string base64_decode(std::string_view text);

}  // namespace larkbase::common
