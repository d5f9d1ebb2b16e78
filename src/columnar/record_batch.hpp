#pragma once
// A batch: a schema plus equal-length columns.
#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/array.hpp"

namespace larkbase::columnar {

struct RecordBatch {
  SchemaPtr schema;
  int64_t num_rows = 0;
  std::vector<ArrayPtr> columns;

  // Rows [offset, offset + length) as a view over the same buffers.
  RecordBatch slice(int64_t offset, int64_t length) const;
  size_t memory_bytes() const;
  // Throws InternalError when a column's type or length disagrees with the schema.
  void validate() const;
};

}  // namespace larkbase::columnar
