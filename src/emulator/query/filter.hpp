#pragma once
// records/search `filter`: validated and compiled once against the table's
// fields, then evaluated on each record (lark-open-api.md §4.3). Every check
// happens in compile_filter, so evaluation never throws.
#include <memory>
#include <string>

#include "common/json.hpp"
#include "emulator/query/semantics.hpp"

namespace larkbase::emulator::query {

struct FilterTree;  // defined in filter_tree.hpp; opaque to callers

// Immutable once compiled: const methods may run concurrently on many threads.
class CompiledFilter {
 public:
  CompiledFilter();  // matches every record

  // `fields`: the record's "fields" object (keys = field names, values in the
  // records/search shapes of §3.1; an absent key or null is an empty cell).
  // `record`: optionally the whole stored record ({record_id, fields,
  // created_time, last_modified_time, created_by, last_modified_by}); a
  // CreatedTime/ModifiedTime/CreatedUser/ModifiedUser field missing from
  // `fields` is read from it.
  bool matches(const common::Json& fields, const common::Json* record = nullptr) const;

  // Same, given the whole record (reads record["fields"]).
  bool matches_record(const common::Json& record) const;

  // True when the filter has no effective condition (every record matches).
  bool matches_everything() const;

  // Number of conditions that were compiled (after dropping empty groups).
  int condition_count() const;

 private:
  friend CompiledFilter compile_filter(const common::Json&, const common::Json&, const Semantics&);
  explicit CompiledFilter(std::shared_ptr<const FilterTree> tree);
  std::shared_ptr<const FilterTree> tree_;
};

// Validates and compiles `filter` (the request body's "filter" value; null or
// absent = no filter) against `fields` (a JSON array of list-fields items:
// {field_id, field_name, type, ui_type, property, ...}). Throws ApiError:
//   1254045 FieldNameNotFound for a field name the table does not have;
//   1254018 InvalidFilter for everything else (shape, conjunction, operator,
//           operator not allowed for the field type, value count/encoding,
//           date forms, missing `value`, like/in, formula/lookup fields,
//           more than 50 conditions or 10 values, nested children).
// The HTTP status is semantics.error_http_status.
CompiledFilter compile_filter(const common::Json& filter, const common::Json& fields,
                              const Semantics& semantics);

}  // namespace larkbase::emulator::query
