#pragma once
// Arrow-layout array data: validity bitmap (LSB first), values or int32 offsets,
// string data, and child arrays for List and Struct. Buffers are shared, so a
// slice is a cheap view (offset + length) over the same memory.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/data_type.hpp"

namespace larkbase::columnar {

// An immutable, shared byte buffer. Builders fill a std::vector and hand it over.
struct Buffer {
  std::vector<uint8_t> bytes;
  const uint8_t* data() const { return bytes.data(); }
  size_t size() const { return bytes.size(); }
};
using BufferPtr = std::shared_ptr<const Buffer>;

struct ArrayData;
using ArrayPtr = std::shared_ptr<const ArrayData>;

// Buffers, by type (the Arrow columnar format's order):
//   Null:                  none
//   Bool / fixed width:    [validity, values]            (validity may be null: all valid)
//   Utf8 / Binary:         [validity, offsets(int32), data]
//   List:                  [validity, offsets(int32)]    + children[0]
//   Struct:                [validity]                    + one child per member
// `offset` applies to this array's own buffers (slicing); children of a List are
// addressed through the offsets, children of a Struct share the parent's offset.
struct ArrayData {
  DataTypePtr type;
  int64_t length = 0;
  int64_t null_count = 0;
  int64_t offset = 0;
  std::vector<BufferPtr> buffers;
  std::vector<ArrayPtr> children;

  bool is_valid(int64_t i) const {
    const BufferPtr& validity = buffers.empty() ? kNoBuffer : buffers[0];
    if (type->id == TypeId::kNull) return false;
    if (!validity) return true;
    int64_t bit = offset + i;
    return (validity->data()[bit >> 3] >> (bit & 7)) & 1;
  }
  bool is_null(int64_t i) const { return !is_valid(i); }

  // Typed reads of fixed-width values (T must match the type's width).
  template <typename T>
  T value(int64_t i) const {
    T out;
    std::memcpy(&out, buffers[1]->data() + (offset + i) * int64_t(sizeof(T)), sizeof(T));
    return out;
  }
  bool bool_value(int64_t i) const {
    int64_t bit = offset + i;
    return (buffers[1]->data()[bit >> 3] >> (bit & 7)) & 1;
  }
  // Utf8 / Binary value.
  std::string_view string_value(int64_t i) const {
    const int32_t* offsets = reinterpret_cast<const int32_t*>(buffers[1]->data()) + offset;
    return {reinterpret_cast<const char*>(buffers[2]->data()) + offsets[i],
            size_t(offsets[i + 1] - offsets[i])};
  }
  // List: the [begin, end) range of item indices in children[0].
  std::pair<int32_t, int32_t> list_range(int64_t i) const {
    const int32_t* offsets = reinterpret_cast<const int32_t*>(buffers[1]->data()) + offset;
    return {offsets[i], offsets[i + 1]};
  }

  // Bytes held by this array's buffers and its children (shared buffers counted once
  // per array that references them).
  size_t memory_bytes() const;

 private:
  static inline const BufferPtr kNoBuffer{};
};

// A view of rows [offset, offset + length) sharing the same buffers.
ArrayPtr slice(const ArrayPtr& array, int64_t offset, int64_t length);

// Struct member `i` as a view aligned with the struct's rows: row r of the result
// is the member's value in row r of `array` (the struct's offset applied).
ArrayPtr struct_field(const ArrayData& array, size_t i);

// Number of zero bits in `bitmap` over bits [bit_offset, bit_offset + length).
int64_t count_zero_bits(const uint8_t* bitmap, int64_t bit_offset, int64_t length);

// The first structural problem of `array` and its children (buffer count or size,
// offsets out of order or out of range, child type or length), "" when sound.
std::string check_array(const ArrayData& array);

}  // namespace larkbase::columnar
