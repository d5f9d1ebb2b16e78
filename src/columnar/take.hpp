#pragma once
// Gathers chosen rows of arrays and batches into new, compact arrays (Arrow's
// "take"): the connector's reader keeps only the rows the exact evaluator
// selected. See concat.hpp for the opposite direction.
#include <cstdint>
#include <vector>

#include "columnar/record_batch.hpp"

namespace larkbase::columnar {

// Rows `rows` (any order, repeats allowed) of `array`, as a new array with offset 0.
ArrayPtr take(const ArrayData& array, const std::vector<uint32_t>& rows);

// The columns `column_indices` of `batch`, keeping rows `rows`, under `schema`
// (whose fields must match those columns). When `rows` selects every row in
// order the column arrays are shared, not copied.
RecordBatch take_rows(const RecordBatch& batch, const std::vector<uint32_t>& rows,
                      const std::vector<size_t>& column_indices, const SchemaPtr& schema);

}  // namespace larkbase::columnar
