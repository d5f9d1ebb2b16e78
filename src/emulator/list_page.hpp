#pragma once
// Paging of the short lists (tables, fields): the page token is the id of the
// last item already returned, as Lark's own samples show (a table_id or a
// field_id as page_token, present even on the last page; spec §2.1, §2.2).
#include <string>

#include "common/json.hpp"

namespace larkbase::emulator {

struct ListPage {
  common::Json items = common::Json::array();
  bool has_more = false;
  std::string page_token;  // id of the last item returned; empty when no items
};

// The page of `items` (each carrying `id_key`) after the item whose id is
// `page_token` (empty: from the start). `found_token` is false when
// `page_token` names no item (the page is then empty).
ListPage list_page(const common::Json& items, const char* id_key, long long page_size,
                   const std::string& page_token, bool& found_token);

}  // namespace larkbase::emulator
