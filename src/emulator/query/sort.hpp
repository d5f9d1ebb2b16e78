#pragma once
// records/search `sort`: [{field_name, desc}], validated against the table's
// fields and applied in order (lark-open-api.md §4.2). Order per type and the
// placement of empty cells are described in README.md.
#include <memory>
#include <vector>

#include "common/json.hpp"
#include "emulator/query/semantics.hpp"

namespace larkbase::emulator::query {

struct SortPlan;  // defined in sort.cpp; opaque to callers

// Immutable once compiled: const methods may run concurrently on many threads.
class CompiledSort {
 public:
  CompiledSort();  // no keys: every pair compares equal

  // Compares two records' "fields" objects key by key: <0 when `a` sorts before
  // `b`, >0 after, 0 when every key ties (the caller keeps the original order).
  // The optional whole records supply automatic values (created_time, ...) for
  // CreatedTime/ModifiedTime/CreatedUser/ModifiedUser fields absent from fields.
  int compare(const common::Json& a, const common::Json& b, const common::Json* a_record = nullptr,
              const common::Json* b_record = nullptr) const;

  // Same on whole records ({record_id, fields, created_time, ...}).
  int compare_records(const common::Json& a, const common::Json& b) const;

  // Stable-sorts whole records in place. Extracts each record's keys once, so it
  // is much faster than std::stable_sort with compare_records on large tables.
  void sort_records(std::vector<const common::Json*>& records) const;

  bool empty() const;
  size_t key_count() const;

 private:
  friend CompiledSort compile_sort(const common::Json&, const common::Json&, const Semantics&);
  explicit CompiledSort(std::shared_ptr<const SortPlan> plan);
  std::shared_ptr<const SortPlan> plan_;
};

// Validates `sort` (the request body's "sort" value; null or absent = none):
// an array of at most 100 objects with a non-empty string field_name (≤ 1000
// chars) and an optional boolean desc. Throws ApiError 1254016 InvalidSort for a
// malformed sort and 1254045 FieldNameNotFound for an unknown field name (the
// same code an unknown name gets in a filter or in field_names checks). Every
// field type can be sorted on.
CompiledSort compile_sort(const common::Json& sort, const common::Json& fields,
                          const Semantics& semantics);

}  // namespace larkbase::emulator::query
