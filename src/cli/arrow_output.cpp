#include "cli/arrow_output.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli/arrow_json_cell.hpp"
#include "cli/result_format.hpp"
#include "columnar/builder.hpp"
#include "columnar/ipc.hpp"
#include "common/error.hpp"

namespace larkbase::cli {
namespace {

using sqlite::SqlValue;

// The type a declared SQL type gives, or null when the values must decide.
columnar::DataTypePtr known_type(const sqlite::ResultColumn& column) {
  if (column.lark_type) return column.lark_type;
  if (column.declared_type == "TEXT") return columnar::utf8_type();
  return nullptr;
}

// The type of a column without a known type, from the values of the first batch.
columnar::DataTypePtr infer_type(const sqlite::ResultColumn& column,
                                 const std::vector<std::vector<SqlValue>>& rows, size_t index) {
  bool any_int = false, any_double = false, any_text = false, any_blob = false;
  for (const auto& row : rows) {
    const auto& value = row[index];
    any_int |= std::holds_alternative<int64_t>(value);
    any_double |= std::holds_alternative<double>(value);
    any_text |= std::holds_alternative<std::string>(value);
    any_blob |= std::holds_alternative<sqlite::SqlBlob>(value);
  }
  if (any_blob) return columnar::binary_type();
  if (column.declared_type == "REAL" && !any_text) return columnar::float64_type();
  if (column.declared_type == "INTEGER" && !any_text && !any_double) return columnar::int64_type();
  if (any_text) return columnar::utf8_type();
  if (any_double) return columnar::float64_type();
  if (any_int) return columnar::int64_type();
  return columnar::null_type();
}

class ArrowSink final : public sqlite::RowSink {
 public:
  explicit ArrowSink(std::FILE* out) : out_(out) {}

  void begin(const std::vector<sqlite::ResultColumn>& columns) override {
    columns_ = columns;
    bool all_known = true;
    for (const auto& column : columns_) all_known &= known_type(column) != nullptr;
    if (all_known) start({});
  }

  void row(const std::vector<SqlValue>& values) override {
    rows_seen_ += 1;
    if (!schema_) {
      pending_.push_back(values);
      if (pending_.size() >= kArrowBatchRows) start(std::move(pending_));
      return;
    }
    append_row(values);
    if (rows_in_batch_ >= int64_t(kArrowBatchRows)) flush();
  }

  void end() override {
    if (!schema_) start(std::move(pending_));
    if (rows_in_batch_ > 0) flush();
    write_bytes(out_, std::string_view("\xFF\xFF\xFF\xFF\0\0\0\0", 8));  // end of stream
  }

 private:
  // Fixes the schema (from `first` when types must be inferred), writes it, and
  // appends the buffered first rows.
  void start(std::vector<std::vector<SqlValue>> first) {
    auto schema = std::make_shared<columnar::Schema>();
    for (size_t c = 0; c < columns_.size(); ++c) {
      auto type = known_type(columns_[c]);
      schema->fields.push_back({columns_[c].name, type ? type : infer_type(columns_[c], first, c)});
    }
    schema_ = std::move(schema);
    write_bytes(out_,
                columnar::write_schema_message(*schema_, columnar::IpcFraming::kContinuation));
    new_builders();
    int64_t seen = rows_seen_;
    rows_seen_ = seen - int64_t(first.size());
    for (const auto& values : first) {
      rows_seen_ += 1;
      append_row(values);
      if (rows_in_batch_ >= int64_t(kArrowBatchRows)) flush();
    }
  }

  void new_builders() {
    builders_.clear();
    for (const auto& field : schema_->fields) {
      builders_.push_back(columnar::make_builder(field.type));
      builders_.back()->reserve(int64_t(kArrowBatchRows));
    }
  }

  void flush() {
    columnar::RecordBatch batch;
    batch.schema = schema_;
    batch.num_rows = rows_in_batch_;
    for (auto& builder : builders_) batch.columns.push_back(builder->finish());
    write_bytes(out_,
                columnar::write_record_batch_message(batch, columnar::IpcFraming::kContinuation));
    rows_in_batch_ = 0;
    new_builders();
  }

  void append_row(const std::vector<SqlValue>& values) {
    for (size_t c = 0; c < builders_.size(); ++c) append(c, values[c]);
    rows_in_batch_ += 1;
  }

  [[noreturn]] void does_not_fit(size_t column, const char* what) const {
    throw common::UserError(fmt::format(
        "--format arrow: column '{}' is {} in the first rows of the result, but row {} has {}; "
        "give the expression one type with CAST (e.g. CAST(... AS REAL) or CAST(... AS TEXT))",
        columns_[column].name, schema_->fields[column].type->to_string(), rows_seen_, what));
  }

  void append(size_t column, const SqlValue& value) {
    using columnar::TypeId;
    auto& builder = *builders_[column];
    if (std::holds_alternative<std::monostate>(value)) return builder.append_null();
    const auto* integer = std::get_if<int64_t>(&value);
    const auto* real = std::get_if<double>(&value);
    const auto* text = std::get_if<std::string>(&value);
    const auto* blob = std::get_if<sqlite::SqlBlob>(&value);
    switch (builder.type()->id) {
      case TypeId::kInt64:
        if (!integer) does_not_fit(column, real ? "a REAL" : text ? "a TEXT" : "a BLOB");
        return static_cast<columnar::Int64Builder&>(builder).append(*integer);
      case TypeId::kInt32:
        if (!integer) does_not_fit(column, real ? "a REAL" : text ? "a TEXT" : "a BLOB");
        return static_cast<columnar::Int32Builder&>(builder).append(int32_t(*integer));
      case TypeId::kBool:
        if (!integer) does_not_fit(column, real ? "a REAL" : text ? "a TEXT" : "a BLOB");
        return static_cast<columnar::BoolBuilder&>(builder).append(*integer != 0);
      case TypeId::kFloat64:
        if (!integer && !real) does_not_fit(column, text ? "a TEXT" : "a BLOB");
        return static_cast<columnar::Float64Builder&>(builder).append(integer ? double(*integer)
                                                                              : *real);
      case TypeId::kBinary:
        return static_cast<columnar::StringBuilder&>(builder).append(blob   ? blob->bytes
                                                                     : text ? *text
                                                                            : value_text(value));
      case TypeId::kUtf8:
        return static_cast<columnar::StringBuilder&>(builder).append(value_text(value));
      case TypeId::kList:
      case TypeId::kStruct:
        if (!text) does_not_fit(column, "a value that is not JSON text");
        return append_json_text(builder, *text, columns_[column].name);
      default:
        does_not_fit(column, "a value");
    }
  }

  std::FILE* out_;
  std::vector<sqlite::ResultColumn> columns_;
  columnar::SchemaPtr schema_;
  std::vector<std::vector<SqlValue>> pending_;  // the first rows, while types are unknown
  std::vector<std::unique_ptr<columnar::ArrayBuilder>> builders_;
  int64_t rows_in_batch_ = 0;
  int64_t rows_seen_ = 0;
};

}  // namespace

std::unique_ptr<sqlite::RowSink> make_arrow_sink(std::FILE* out) {
  return std::make_unique<ArrowSink>(out);
}

}  // namespace larkbase::cli
