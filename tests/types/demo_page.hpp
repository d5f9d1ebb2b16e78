#pragma once
// A realistic records/search response built from the emulator's demo `orders`
// table (every field type of the contract, empty cells, nested values), with the
// table's schema: shared by the normaliser benchmark and the IPC conformance
// sample, so both measure and check the same page.
#include <cstdint>
#include <string>

#include "types/table_schema.hpp"

namespace larkbase::types::testing {

struct DemoPage {
  TableSchema schema;
  std::string app_token;
  std::string table_id;
  std::string body;  // {"code":0,"msg":"success","data":{"items":[...],...}}
};

// The first `records` demo orders as one search page (has_more true, a page token).
DemoPage demo_orders_page(int64_t records);

}  // namespace larkbase::types::testing
