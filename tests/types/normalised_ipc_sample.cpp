// The normaliser's output through the IPC writer, for an independent reader
// (tests/node/normalised_arrow.test.mjs): 300 demo orders — every field type of
// the contract, empty cells, nested values — normalised into one batch.
//   normalised_ipc_sample arrow   the batch as an Arrow IPC stream (two batches:
//                                 rows [0, 200) and [200, 300))
//   normalised_ipc_sample json    {"columns":[{"name","type"}], "rows":[[cell...]]},
//                                 the same cells rendered by columnar/cell_json
#include <cstdio>
#include <iostream>
#include <string>

#include "columnar/cell_json.hpp"
#include "columnar/ipc.hpp"
#include "demo_page.hpp"
#include "types/page_normaliser.hpp"

namespace {

using namespace larkbase;

constexpr int64_t kRecords = 300;

std::string as_json(const columnar::RecordBatch& batch) {
  common::Json columns = common::Json::array();
  for (const auto& field : batch.schema->fields) {
    columns.push_back({{"name", field.name}, {"type", field.type->to_string()}});
  }
  common::Json rows = common::Json::array();
  for (int64_t r = 0; r < batch.num_rows; ++r) {
    common::Json row = common::Json::array();
    for (const auto& column : batch.columns) row.push_back(columnar::cell_to_json(*column, r));
    rows.push_back(std::move(row));
  }
  return common::Json{{"columns", columns}, {"rows", rows}}.dump();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode != "arrow" && mode != "json") {
    std::cerr << "usage: normalised_ipc_sample arrow|json\n";
    return 2;
  }
  auto page = types::testing::demo_orders_page(kRecords);
  types::PageNormaliser normaliser(page.schema, types::Projection::all(page.schema),
                                   types::PageContext{page.app_token, page.table_id});
  types::NormalisedPage normalised = normaliser.normalise(page.body);
  const columnar::RecordBatch& batch = normalised.batch;
  std::string out =
      mode == "json" ? as_json(batch)
                     : columnar::write_stream(
                           *batch.schema, {batch.slice(0, 200), batch.slice(200, kRecords - 200)});
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
