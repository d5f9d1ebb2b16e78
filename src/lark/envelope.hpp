#pragma once
// The Lark response envelope {code, msg, data, error:{log_id}} read in one pass
// with simdjson on-demand. For paged responses the paging keys of `data`
// (has_more, page_token / next_page_token, total) are picked up in the same
// pass while the (large) items array is skipped, so the body bytes can go to
// the page normaliser untouched.
#include <cstdint>
#include <string>
#include <string_view>

namespace larkbase::lark {

struct Envelope {
  bool is_json_object = false;  // false: not JSON, or not an object
  bool has_code = false;
  int64_t code = 0;
  std::string msg;
  std::string log_id;  // error.log_id, when the body carries one

  bool has_data = false;
  bool has_more = false;
  std::string page_token;  // data.page_token, or Drive's data.next_page_token
  bool has_total = false;
  int64_t total = 0;
};

// Never throws: a body that is not a JSON object yields is_json_object=false.
// `body` must be followed by at least simdjson's padding (64 bytes) of
// readable memory when `padded` is true; otherwise the text is copied.
Envelope parse_envelope(std::string_view body, bool padded = false);

// Reserves simdjson's padding after the bytes of `body` (no copy when the
// capacity is already enough) so that parse_envelope(body, true) can be used.
void reserve_json_padding(std::string& body);

}  // namespace larkbase::lark
