#include "columnar/array.hpp"

#include <bit>
#include <limits>

#include <fmt/format.h>

namespace larkbase::columnar {
namespace {

// Bound on lengths and offsets so that byte arithmetic (x * 16 + 8) cannot overflow.
constexpr int64_t kMaxLength = std::numeric_limits<int64_t>::max() / 32;

int64_t bitmap_bytes(int64_t bits) { return (bits + 7) / 8; }

size_t expected_buffers(TypeId id) {
  switch (id) {
    case TypeId::kNull:
      return 0;
    case TypeId::kStruct:
      return 1;
    case TypeId::kUtf8:
    case TypeId::kBinary:
      return 3;
    default:
      return 2;  // Bool, fixed width, List
  }
}

std::string check_buffer_size(const ArrayData& array, size_t index, int64_t needed,
                              const char* what) {
  const BufferPtr& buffer = array.buffers[index];
  if (!buffer) return needed > 0 ? fmt::format("{} buffer is missing", what) : "";
  if (int64_t(buffer->size()) < needed) {
    return fmt::format("{} buffer has {} bytes, {} needed", what, buffer->size(), needed);
  }
  return "";
}

// Offsets [offset, offset + length] must be non-decreasing and within [0, limit].
std::string check_offsets(const ArrayData& array, int64_t limit, const char* what) {
  std::string problem =
      check_buffer_size(array, 1, (array.offset + array.length + 1) * 4, "offsets");
  if (!problem.empty()) return problem;
  const auto* offsets = reinterpret_cast<const int32_t*>(array.buffers[1]->data()) + array.offset;
  if (offsets[0] < 0) return "first offset is negative";
  for (int64_t i = 0; i < array.length; ++i) {
    if (offsets[i + 1] < offsets[i]) return fmt::format("offsets decrease at row {}", i);
  }
  if (offsets[array.length] > limit) {
    return fmt::format("last offset {} is beyond the {} ({})", offsets[array.length], what, limit);
  }
  return "";
}

std::string check_children(const ArrayData& array) {
  const DataType& type = *array.type;
  if (array.children.size() != type.children.size()) {
    return fmt::format("{} children, the type has {}", array.children.size(), type.children.size());
  }
  for (size_t i = 0; i < array.children.size(); ++i) {
    const ArrayPtr& child = array.children[i];
    if (!child || !child->type) return fmt::format("child {} is missing", i);
    if (!child->type->equals(*type.children[i].type)) {
      return fmt::format("child {} has type {}, the type says {}", i, child->type->to_string(),
                         type.children[i].type->to_string());
    }
    if (type.id == TypeId::kStruct && child->length < array.offset + array.length) {
      return fmt::format("member '{}' has {} rows, the struct needs {}", type.children[i].name,
                         child->length, array.offset + array.length);
    }
    std::string problem = check_array(*child);
    if (!problem.empty()) return fmt::format("child '{}': {}", type.children[i].name, problem);
  }
  return "";
}

std::string check_own_buffers(const ArrayData& array) {
  const TypeId id = array.type->id;
  const int64_t end = array.offset + array.length;
  if (id == TypeId::kNull) return "";
  if (array.buffers[0]) {
    std::string problem = check_buffer_size(array, 0, bitmap_bytes(end), "validity");
    if (!problem.empty()) return problem;
  }
  if (array.null_count > 0 && !array.buffers[0]) return "nulls counted but no validity buffer";
  if (id == TypeId::kBool) return check_buffer_size(array, 1, bitmap_bytes(end), "values");
  if (int width = fixed_width_bytes(id); width > 0) {
    return check_buffer_size(array, 1, end * width, "values");
  }
  if (id == TypeId::kUtf8 || id == TypeId::kBinary) {
    const BufferPtr& data = array.buffers[2];
    return check_offsets(array, data ? int64_t(data->size()) : 0, "data size");
  }
  if (id == TypeId::kList) {
    if (array.children.size() != 1 || !array.children[0]) return "list without an item array";
    return check_offsets(array, array.children[0]->length, "item count");
  }
  return "";
}

}  // namespace

size_t ArrayData::memory_bytes() const {
  size_t total = 0;
  for (const BufferPtr& buffer : buffers) {
    if (buffer) total += buffer->size();
  }
  for (const ArrayPtr& child : children) {
    if (child) total += child->memory_bytes();
  }
  return total;
}

int64_t count_zero_bits(const uint8_t* bitmap, int64_t bit_offset, int64_t length) {
  int64_t ones = 0;
  int64_t bit = bit_offset;
  const int64_t end = bit_offset + length;
  for (; bit < end && (bit & 7) != 0; ++bit) ones += (bitmap[bit >> 3] >> (bit & 7)) & 1;
  for (; bit + 8 <= end; bit += 8) ones += std::popcount(unsigned(bitmap[bit >> 3]));
  for (; bit < end; ++bit) ones += (bitmap[bit >> 3] >> (bit & 7)) & 1;
  return length - ones;
}

ArrayPtr slice(const ArrayPtr& array, int64_t offset, int64_t length) {
  auto out = std::make_shared<ArrayData>(*array);
  out->offset = array->offset + offset;
  out->length = length;
  if (array->type->id == TypeId::kNull) {
    out->null_count = length;
  } else if (array->null_count == 0 || array->buffers.empty() || !array->buffers[0]) {
    out->null_count = 0;
  } else {
    out->null_count = count_zero_bits(array->buffers[0]->data(), out->offset, length);
  }
  return out;
}

ArrayPtr struct_field(const ArrayData& array, size_t i) {
  const ArrayPtr& child = array.children.at(i);
  if (array.offset == 0 && child->length == array.length) return child;
  return slice(child, array.offset, array.length);
}

std::string check_array(const ArrayData& array) {
  if (!array.type) return "array without a type";
  if (array.length < 0 || array.offset < 0 || array.length > kMaxLength ||
      array.offset > kMaxLength - array.length) {
    return fmt::format("invalid length {} or offset {}", array.length, array.offset);
  }
  if (array.null_count < 0 || array.null_count > array.length) {
    return fmt::format("null count {} outside [0, {}]", array.null_count, array.length);
  }
  const size_t wanted = expected_buffers(array.type->id);
  if (array.buffers.size() < wanted || (wanted > 0 && array.buffers.size() != wanted)) {
    return fmt::format("{} array has {} buffers, expected {}", array.type->to_string(),
                       array.buffers.size(), wanted);
  }
  std::string problem = check_own_buffers(array);
  if (!problem.empty()) return problem;
  return check_children(array);
}

}  // namespace larkbase::columnar
