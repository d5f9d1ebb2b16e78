#include "columnar/record_batch.hpp"

#include <fmt/format.h>

#include "common/error.hpp"

namespace larkbase::columnar {

RecordBatch RecordBatch::slice(int64_t offset, int64_t length) const {
  if (offset < 0 || length < 0 || offset + length > num_rows) {
    throw common::InternalError(fmt::format("slice [{}, {}) is outside a batch of {} rows", offset,
                                            offset + length, num_rows));
  }
  RecordBatch out{schema, length, {}};
  out.columns.reserve(columns.size());
  for (const ArrayPtr& column : columns)
    out.columns.push_back(columnar::slice(column, offset, length));
  return out;
}

size_t RecordBatch::memory_bytes() const {
  size_t total = 0;
  for (const ArrayPtr& column : columns) total += column->memory_bytes();
  return total;
}

void RecordBatch::validate() const {
  if (!schema) throw common::InternalError("record batch without a schema");
  if (columns.size() != schema->fields.size()) {
    throw common::InternalError(fmt::format("record batch has {} columns, its schema {} fields",
                                            columns.size(), schema->fields.size()));
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    const Field& field = schema->fields[i];
    const ArrayPtr& column = columns[i];
    if (!column || !column->type) {
      throw common::InternalError(fmt::format("column '{}' is missing", field.name));
    }
    if (!column->type->equals(*field.type)) {
      throw common::InternalError(fmt::format("column '{}' has type {}, the schema says {}",
                                              field.name, column->type->to_string(),
                                              field.type->to_string()));
    }
    if (column->length != num_rows) {
      throw common::InternalError(fmt::format("column '{}' has {} rows, the batch {}", field.name,
                                              column->length, num_rows));
    }
    if (!field.nullable && column->null_count > 0) {
      throw common::InternalError(fmt::format("column '{}' is not nullable but holds {} nulls",
                                              field.name, column->null_count));
    }
    if (std::string problem = check_array(*column); !problem.empty()) {
      throw common::InternalError(fmt::format("column '{}': {}", field.name, problem));
    }
  }
}

}  // namespace larkbase::columnar
