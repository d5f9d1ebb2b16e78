#include "cli/arrow_output.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cli/result_format.hpp"
#include "columnar/builder.hpp"
#include "columnar/ipc.hpp"

namespace larkbase::cli {
namespace {

constexpr size_t kBatchRows = 65536;

// A table column read directly keeps its declared type, so that an Arrow column's
// type does not depend on which rows a query returned (a REAL column of whole numbers
// stays Float64; an empty or all-NULL result keeps its types). An expression has no
// declared type: its type is inferred from the values.
columnar::DataTypePtr infer_type(const sqlite::SqlResult& result, size_t column) {
  bool any_int = false, any_double = false, any_text = false;
  for (const auto& row : result.rows) {
    const auto& value = row[column];
    any_int |= std::holds_alternative<int64_t>(value);
    any_double |= std::holds_alternative<double>(value);
    any_text |= std::holds_alternative<std::string>(value);
  }
  const std::string declared =
      column < result.declared_types.size() ? result.declared_types[column] : "";
  if (declared == "TEXT") return columnar::utf8_type();
  if (declared == "REAL" && !any_text) return columnar::float64_type();
  if (declared == "INTEGER" && !any_text && !any_double) return columnar::int64_type();
  if (any_text) return columnar::utf8_type();
  if (any_double) return columnar::float64_type();
  if (any_int) return columnar::int64_type();
  return columnar::null_type();
}

void append(columnar::ArrayBuilder& builder, const sqlite::SqlValue& value) {
  if (std::holds_alternative<std::monostate>(value)) return builder.append_null();
  switch (builder.type()->id) {
    case columnar::TypeId::kInt64:
      return static_cast<columnar::Int64Builder&>(builder).append(std::get<int64_t>(value));
    case columnar::TypeId::kFloat64: {
      const auto* integer = std::get_if<int64_t>(&value);
      double number = integer ? static_cast<double>(*integer) : std::get<double>(value);
      return static_cast<columnar::Float64Builder&>(builder).append(number);
    }
    default:
      return static_cast<columnar::StringBuilder&>(builder).append(value_text(value));
  }
}

columnar::RecordBatch build_batch(const sqlite::SqlResult& result,
                                  const columnar::SchemaPtr& schema, size_t begin, size_t end) {
  columnar::RecordBatch batch;
  batch.schema = schema;
  batch.num_rows = static_cast<int64_t>(end - begin);
  for (size_t c = 0; c < schema->fields.size(); ++c) {
    auto builder = columnar::make_builder(schema->fields[c].type);
    builder->reserve(batch.num_rows);
    for (size_t r = begin; r < end; ++r) append(*builder, result.rows[r][c]);
    batch.columns.push_back(builder->finish());
  }
  return batch;
}

}  // namespace

std::string arrow_stream(const sqlite::SqlResult& result) {
  auto schema = std::make_shared<columnar::Schema>();
  for (size_t c = 0; c < result.columns.size(); ++c) {
    schema->fields.push_back({result.columns[c], infer_type(result, c), true});
  }
  std::vector<columnar::RecordBatch> batches;
  for (size_t begin = 0; begin < result.rows.size(); begin += kBatchRows) {
    size_t end = std::min(result.rows.size(), begin + kBatchRows);
    batches.push_back(build_batch(result, schema, begin, end));
  }
  return columnar::write_stream(*schema, batches);
}

}  // namespace larkbase::cli
