#pragma once
// What one records/search asks of Lark, apart from the table and the paging
// position: the filter, the order, the fields and the page size. The pushdown
// plan decides it, a split carries it (as JSON across the Athena process
// boundary) and the search request sends it: one struct, so the three cannot
// drift apart field by field.
#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"

namespace larkbase::lark {

inline constexpr int kMaxSearchPageSize = 500;

struct RecordQuery {
  common::Json filter;  // null: no filter; else {"conjunction", "conditions", "children"}
  common::Json sort;    // null: no sort; else [{"field_name", "desc"}]
  std::optional<std::vector<std::string>> field_names;  // nullopt: every field
  int page_size = kMaxSearchPageSize;                   // 1..500; sent in the query string

  // Sets filter, sort and field_names in a search body (page_size is not a body member).
  void add_to_body(common::Json& body) const;

  // {"filter", "sort", "field_names", "page_size"}; from_json() reads it back and
  // throws UserError naming `what` when a member is missing or of the wrong type.
  common::Json to_json() const;
  static RecordQuery from_json(const common::Json& json, const std::string& what);
};

}  // namespace larkbase::lark
