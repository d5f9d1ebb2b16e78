#pragma once
// Joins record batches of one schema into one batch: an inline ReadRecords answer
// and a spilled object each carry exactly one RecordBatch message, while the
// reader hands out one batch per Lark page.
#include <vector>

#include "columnar/record_batch.hpp"

namespace larkbase::athena {

// Copies the rows of `batches` (slices honoured) into one batch with offset-0 arrays.
// `schema` is the schema of every batch. An empty list gives a 0-row batch.
columnar::RecordBatch concat_batches(const columnar::SchemaPtr& schema,
                                     const std::vector<columnar::RecordBatch>& batches);

}  // namespace larkbase::athena
