#pragma once
// Reads values back out of a normalised batch for assertions.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "types/page_normaliser.hpp"

namespace larkbase::types::test {

using columnar::ArrayData;

inline const ArrayData& column(const NormalisedPage& page, const std::string& name) {
  int index = page.batch.schema->field_index(name);
  if (index < 0) throw std::runtime_error("no column " + name);
  return *page.batch.columns.at(size_t(index));
}

inline std::optional<std::string> str(const ArrayData& array, int64_t row) {
  if (array.is_null(row)) return std::nullopt;
  return std::string(array.string_value(row));
}

inline std::optional<double> f64(const ArrayData& array, int64_t row) {
  if (array.is_null(row)) return std::nullopt;
  return array.value<double>(row);
}

inline std::optional<int64_t> i64(const ArrayData& array, int64_t row) {
  if (array.is_null(row)) return std::nullopt;
  return array.value<int64_t>(row);
}

inline std::optional<int32_t> i32(const ArrayData& array, int64_t row) {
  if (array.is_null(row)) return std::nullopt;
  return array.value<int32_t>(row);
}

inline std::optional<bool> boolean(const ArrayData& array, int64_t row) {
  if (array.is_null(row)) return std::nullopt;
  return array.bool_value(row);
}

// The items of a list cell as (child array, index) pairs: nullopt for a NULL list.
inline std::optional<std::vector<int64_t>> items(const ArrayData& list, int64_t row) {
  if (list.is_null(row)) return std::nullopt;
  auto [begin, end] = list.list_range(row);
  std::vector<int64_t> out;
  for (int64_t i = begin; i < end; ++i) out.push_back(i);
  return out;
}

inline std::optional<std::vector<std::optional<std::string>>> str_list(const ArrayData& list,
                                                                       int64_t row) {
  auto range = items(list, row);
  if (!range) return std::nullopt;
  std::vector<std::optional<std::string>> out;
  for (int64_t i : *range) out.push_back(str(*list.children[0], i));
  return out;
}

// Member `m` of a struct array at `row`.
inline const ArrayData& member(const ArrayData& array, size_t m) { return *array.children.at(m); }

}  // namespace larkbase::types::test
