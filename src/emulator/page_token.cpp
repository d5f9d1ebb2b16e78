#include "emulator/page_token.hpp"

#include <fmt/format.h>

#include <charconv>

#include "common/base64.hpp"
#include "common/error.hpp"

namespace larkbase::emulator {
namespace {

constexpr std::string_view kPrefix = "lbq1:";

bool parse_u64(std::string_view text, uint64_t& out) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string unpadded_base64(std::string_view bytes) {
  std::string text = common::base64_encode(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::string tolerant_base64(std::string_view token) {
  std::string text(token);
  for (char& c : text) {
    if (c == ' ') c = '+';
  }
  while (!text.empty() && text.back() == '=') text.pop_back();
  while (text.size() % 4 != 0) text += '=';
  return text;
}

std::string encode_page_token(const PageCursor& cursor) {
  return unpadded_base64(fmt::format("{}{}:{}", kPrefix, cursor.query_id, cursor.offset));
}

std::optional<PageCursor> decode_page_token(std::string_view token) {
  std::string plain;
  try {
    plain = common::base64_decode(tolerant_base64(token));
  } catch (const common::Error&) {
    return std::nullopt;
  }
  std::string_view rest(plain);
  if (!rest.starts_with(kPrefix)) return std::nullopt;
  rest.remove_prefix(kPrefix.size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  PageCursor cursor;
  if (!parse_u64(rest.substr(0, colon), cursor.query_id) ||
      !parse_u64(rest.substr(colon + 1), cursor.offset)) {
    return std::nullopt;
  }
  return cursor;
}

}  // namespace larkbase::emulator
