#pragma once
// Where a reader's raw pages come from: records/search pages, or one synthetic
// page holding the records a batch_get returned. Pages are the response bodies
// the normaliser parses.
#include <memory>
#include <optional>
#include <string>

#include "connector/connector.hpp"
#include "lark/bitable_client.hpp"

namespace larkbase::connector {

struct RawPage {
  std::string body;  // a records/search response body
  bool has_more = false;
};

class PageSource {
 public:
  virtual ~PageSource() = default;
  // The next page, or nullopt after the last one. Throws common::Error.
  virtual std::optional<RawPage> next() = 0;
  // The size of the pages that follow (a source of one page ignores it).
  virtual void set_page_size(int /*page_size*/) {}
};

// records/search with the split's filter, sort, field names and page size.
std::unique_ptr<PageSource> search_pages(lark::BitableClient& bitable, const Split& split);
// batch_get of the split's record ids, presented as one search page.
std::unique_ptr<PageSource> record_id_pages(lark::BitableClient& bitable, const Split& split);

}  // namespace larkbase::connector
