#pragma once
// Search page tokens: opaque to clients, they name a cached query result and an
// offset into it, so every later page is a slice of an already computed list.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace larkbase::emulator {

struct PageCursor {
  uint64_t query_id = 0;
  uint64_t offset = 0;
};

std::string encode_page_token(const PageCursor& cursor);
// Empty optional when `token` is not one this emulator issued.
std::optional<PageCursor> decode_page_token(std::string_view token);

// Tokens are base64 without '=' padding: some query-string parsers (httplib's
// among them) split values at every '=', so padding would not survive.
std::string unpadded_base64(std::string_view bytes);
// Undoes what a careless client may do to a token in a query string ('+'
// decoded as a space, padding lost or kept) and restores the padding.
std::string tolerant_base64(std::string_view token);

}  // namespace larkbase::emulator
