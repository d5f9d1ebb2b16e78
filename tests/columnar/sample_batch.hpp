#pragma once
// A four-row batch with every type of the columnar contract, nulls at every level
// and nested values; shared by the IPC tests and the arrow_ipc_sample program that
// the Node conformance test (tests/node/arrow_reader.test.mjs) decodes with
// apache-arrow. The values are listed in sample_batch.cpp; keep both in step.
#include <optional>
#include <vector>

#include "columnar/record_batch.hpp"

namespace larkbase::columnar::testing {

SchemaPtr sample_schema();
RecordBatch sample_batch();

// A Decimal128 array from unscaled values (std::nullopt = null); there is no
// decimal builder because the writer side never produces decimals.
ArrayPtr make_decimal_array(int32_t precision, int32_t scale,
                            const std::vector<std::optional<int64_t>>& unscaled);

}  // namespace larkbase::columnar::testing
