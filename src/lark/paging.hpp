#pragma once
// Collects every page of a Lark list endpoint. Paging never stops silently:
// has_more=true without a next token, or a token that repeats, is an error
// naming the object being listed.
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "lark/lark_client.hpp"

namespace larkbase::lark {

// Sends `request` (adding page_size and page_token to its query) until has_more
// is false and returns the concatenated `data.<items_key>` arrays. `what`
// names the listed object in errors, e.g. "the tables of base bascn123".
std::vector<common::Json> fetch_all_pages(LarkClient& client, LarkRequest request,
                                          std::string_view items_key, int page_size,
                                          std::string_view what);

// Checks the paging state of one page; returns the token for the next page,
// or "" when this was the last page.
std::string next_page_token(const Envelope& envelope, const std::string& previous_token,
                            std::string_view what);

}  // namespace larkbase::lark
