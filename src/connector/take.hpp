#pragma once
// Gathers chosen rows of arrays and batches into new, compact arrays (Arrow's
// "take"): the reader keeps only the rows the exact evaluator selected.
#include <cstdint>
#include <vector>

#include "columnar/record_batch.hpp"

namespace larkbase::connector {

// Rows `rows` (any order, repeats allowed) of `array`, as a new array with offset 0.
columnar::ArrayPtr take(const columnar::ArrayData& array, const std::vector<uint32_t>& rows);

// The columns `column_indices` of `batch`, keeping rows `rows`, under `schema`
// (whose fields must match those columns). When `rows` selects every row in
// order the column arrays are shared, not copied.
columnar::RecordBatch take_rows(const columnar::RecordBatch& batch,
                                const std::vector<uint32_t>& rows,
                                const std::vector<size_t>& column_indices,
                                const columnar::SchemaPtr& schema);

}  // namespace larkbase::connector
