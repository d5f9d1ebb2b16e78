#pragma once
// The hot path: one records/search response page -> one columnar batch, in a single
// pass of simdjson's on-demand API. A PageNormaliser is made once per (table schema,
// projection) and reused for every page of a read: it keeps the padded input buffer
// and the column builders, so pages after the first allocate only the output
// buffers, reserved at the previous page's sizes (no heap allocation per cell). It
// parses with its thread's parser (common/thread_json_parser.hpp).
#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/record_batch.hpp"
#include "types/cell_converter.hpp"
#include "types/field_name_index.hpp"
#include "types/table_schema.hpp"

namespace larkbase::types {

// The columns to produce, as indices into TableSchema::columns(), in output order.
struct Projection {
  std::vector<size_t> columns;

  static Projection all(const TableSchema& schema);
  // By column name; throws UserError naming an unknown column.
  static Projection of(const TableSchema& schema, const std::vector<std::string>& names);
};

struct PageContext {
  std::string app_token;  // fills $reserved_base_id
  std::string table_id;   // fills $reserved_table_id; names the table in errors
  // A cell of the wrong type for its field (text in a Number field, "yes" in a
  // Checkbox) fails the page with an error naming the table, record and column,
  // so no query succeeds on data it could not read. Lenient: the value becomes
  // NULL and counts a warning instead.
  bool lenient_cells = false;
};

struct NormalisedPage {
  columnar::RecordBatch batch;  // the projected columns, one row per record
  bool has_more = false;
  std::string page_token;         // empty when the API gave none
  std::optional<int64_t> total;   // matching records, when the API gave it
  columnar::ArrayPtr record_ids;  // Utf8, one per row (whether projected or not)
  int64_t warnings = 0;           // values that did not convert and became NULL (lenient)
  std::string first_warning;      // the first such problem, for the log

  std::string_view record_id(int64_t row) const { return record_ids->string_value(row); }
};

// Sizes of a finished array and its children, to reserve the next page's builders.
struct SizeHint {
  int64_t rows = 0;
  int64_t data_bytes = 0;  // Utf8 character data
  std::vector<SizeHint> children;
};
SizeHint size_hint_of(const columnar::ArrayData& array);
void reserve_like(columnar::ArrayBuilder& builder, const SizeHint& hint);

class PageNormaliser {
 public:
  PageNormaliser(const TableSchema& schema, Projection projection, PageContext context);
  ~PageNormaliser();
  PageNormaliser(const PageNormaliser&) = delete;
  PageNormaliser& operator=(const PageNormaliser&) = delete;

  // Normalises one response body (copied into an internal padded buffer). Throws
  // ExternalError naming the table when the body is not JSON, carries a code other
  // than 0, or lacks data/items; no partial page is ever returned.
  NormalisedPage normalise(std::string_view response_body);
  // As above, for a body that already has SIMDJSON_PADDING readable bytes after it.
  NormalisedPage normalise(simdjson::padded_string_view response_body);
  // As above, for a body the caller owns (an HTTP response), without copying it: the
  // string's spare capacity serves as the padding, grown first if it is too small
  // (which moves the string's buffer). The string's content is unchanged.
  NormalisedPage normalise_reusing_capacity(std::string& response_body);

  const columnar::SchemaPtr& output_schema() const { return output_schema_; }

 private:
  struct Slot;
  struct RecordState;

  NormalisedPage run(simdjson::padded_string_view body);
  void read_response(ondemand::document& document, NormalisedPage& page);
  void read_data(ondemand::object data, NormalisedPage& page, bool& has_items);
  void read_record(ondemand::value& record);
  void read_fields(ondemand::object fields);
  void finish_record(const RecordState& state);
  void reset_builders();
  [[noreturn]] void fail(const std::string& problem, bool retryable = false) const;
  [[noreturn]] void fail_cell(const RecordState& state) const;

  PageContext context_;
  columnar::SchemaPtr output_schema_;
  std::vector<Slot> slots_;
  FieldNameIndex field_index_;  // Lark field name -> slot
  std::unique_ptr<columnar::StringBuilder> record_ids_;
  std::vector<uint64_t> filled_;  // slot -> row stamp of the last cell written
  uint64_t row_stamp_ = 0;
  int64_t rows_ = 0;
  SizeHint record_ids_hint_;
  ConversionWarnings warnings_;
  CellConverter converter_;
  std::vector<char> padded_;
};

// One-shot convenience over PageNormaliser.
NormalisedPage normalise_search_page(std::string_view response_body, const TableSchema& schema,
                                     const Projection& projection, const PageContext& context);

}  // namespace larkbase::types
