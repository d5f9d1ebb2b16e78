#pragma once
// Standard base64 (RFC 4648 alphabet, '=' padding, no line breaks), as the
// Athena protocol and Lark page tokens use it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace larkbase::common {

std::string base64_encode(std::string_view bytes);
// Throws UserError on characters outside the alphabet or a bad length.
std::string base64_decode(std::string_view text);

}  // namespace larkbase::common
