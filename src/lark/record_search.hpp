#pragma once
// records/search, one page at a time. page_size and page_token travel in the
// QUERY STRING (the body copy of them is ignored by Lark: the bug the Java
// connector shipped); filter, sort, field_names and automatic_fields travel
// in the body. A page keeps the raw response bytes: the page normaliser parses
// them in one pass, and this client extracts only the paging keys.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "lark/lark_client.hpp"
#include "lark/record_query.hpp"

namespace larkbase::lark {

struct SearchRequest {
  std::string app_token;
  std::string table_id;
  RecordQuery query;    // filter, sort, field_names, page_size
  std::string view_id;  // ignored by Lark when a filter or sort is given
  bool automatic_fields = false;
  std::string page_token;    // "" for the first page
  std::string user_id_type;  // "" = Lark's default (open_id)

  // The JSON body Lark receives ({} when nothing is set).
  std::string body_json() const;
  // "table tblX of base appY", for messages.
  std::string describe() const;
};

struct SearchPage {
  std::string body;  // the raw response, padded for simdjson on-demand
  bool has_more = false;
  std::string page_token;  // token of the next page; "" on the last page
  int64_t total = -1;      // data.total (matching records), -1 when absent
};

// Fetches one page. Throws UserError for an invalid page size, and
// ExternalError when has_more=true comes without a page token.
SearchPage search_page(LarkClient& client, const SearchRequest& request);

// Pages through a search. next() returns the following page, or nullopt after
// the last one; it never stops early without an error.
class RecordSearch {
 public:
  RecordSearch(LarkClient& client, SearchRequest request);

  std::optional<SearchPage> next();
  // The page size of the following pages (1..500; a page token is valid with any size).
  void set_page_size(int page_size) { request_.query.page_size = page_size; }
  int pages() const { return pages_; }
  const SearchRequest& request() const { return request_; }

 private:
  LarkClient& client_;
  SearchRequest request_;
  bool done_ = false;
  int pages_ = 0;
};

// Cold-path helper (CLI, tests): the items array of a search page body.
common::Json search_page_items(const SearchPage& page);

}  // namespace larkbase::lark
