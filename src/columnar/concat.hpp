#pragma once
// Joins record batches of one schema into one batch (Arrow's "concatenate"):
// an Athena ReadRecords answer or spilled object carries exactly one
// RecordBatch message, while the connector's reader hands out one per Lark page.
#include <vector>

#include "columnar/record_batch.hpp"

namespace larkbase::columnar {

// Copies the rows of `batches` (slices honoured) into one batch with offset-0 arrays.
// `schema` is the schema of every batch. An empty list gives a 0-row batch.
RecordBatch concat_batches(const SchemaPtr& schema, const std::vector<RecordBatch>& batches);

}  // namespace larkbase::columnar
