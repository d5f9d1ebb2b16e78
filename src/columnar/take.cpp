#include "columnar/take.hpp"

#include <fmt/format.h>

#include "common/error.hpp"

namespace larkbase::columnar {
namespace {

void set_bit(std::vector<uint8_t>& bits, size_t i) { bits[i >> 3] |= uint8_t(1u << (i & 7)); }

// Validity of the taken rows; a null pointer when every row is valid.
BufferPtr take_validity(const ArrayData& array, const std::vector<uint32_t>& rows,
                        int64_t& null_count) {
  null_count = 0;
  auto buffer = std::make_shared<Buffer>();
  buffer->bytes.assign((rows.size() + 7) / 8, 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (array.is_valid(rows[i])) {
      set_bit(buffer->bytes, i);
    } else {
      ++null_count;
    }
  }
  if (null_count == 0) return nullptr;
  return buffer;
}

BufferPtr take_bits(const ArrayData& array, const std::vector<uint32_t>& rows) {
  auto buffer = std::make_shared<Buffer>();
  buffer->bytes.assign((rows.size() + 7) / 8, 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    if (array.is_valid(rows[i]) && array.bool_value(rows[i])) set_bit(buffer->bytes, i);
  }
  return buffer;
}

BufferPtr take_fixed(const ArrayData& array, const std::vector<uint32_t>& rows, int width) {
  auto buffer = std::make_shared<Buffer>();
  buffer->bytes.resize(rows.size() * size_t(width));
  const uint8_t* source = array.buffers[1]->data();
  for (size_t i = 0; i < rows.size(); ++i) {
    std::memcpy(buffer->bytes.data() + i * size_t(width), source + (array.offset + rows[i]) * width,
                size_t(width));
  }
  return buffer;
}

void take_strings(const ArrayData& array, const std::vector<uint32_t>& rows, ArrayData& out) {
  auto offsets = std::make_shared<Buffer>();
  auto data = std::make_shared<Buffer>();
  offsets->bytes.resize((rows.size() + 1) * sizeof(int32_t));
  int32_t position = 0;
  std::memcpy(offsets->bytes.data(), &position, sizeof(position));
  for (size_t i = 0; i < rows.size(); ++i) {
    if (array.is_valid(rows[i])) {
      std::string_view value = array.string_value(rows[i]);
      data->bytes.insert(data->bytes.end(), value.begin(), value.end());
      position += static_cast<int32_t>(value.size());
    }
    std::memcpy(offsets->bytes.data() + (i + 1) * sizeof(int32_t), &position, sizeof(position));
  }
  out.buffers.push_back(offsets);
  out.buffers.push_back(data);
}

void take_lists(const ArrayData& array, const std::vector<uint32_t>& rows, ArrayData& out) {
  auto offsets = std::make_shared<Buffer>();
  offsets->bytes.resize((rows.size() + 1) * sizeof(int32_t));
  std::vector<uint32_t> items;
  int32_t position = 0;
  std::memcpy(offsets->bytes.data(), &position, sizeof(position));
  for (size_t i = 0; i < rows.size(); ++i) {
    if (array.is_valid(rows[i])) {
      auto [begin, end] = array.list_range(rows[i]);
      for (int32_t item = begin; item < end; ++item) items.push_back(uint32_t(item));
      position += end - begin;
    }
    std::memcpy(offsets->bytes.data() + (i + 1) * sizeof(int32_t), &position, sizeof(position));
  }
  out.buffers.push_back(offsets);
  out.children.push_back(take(*array.children.at(0), items));
}

}  // namespace

ArrayPtr take(const ArrayData& array, const std::vector<uint32_t>& rows) {
  auto out = std::make_shared<ArrayData>();
  out->type = array.type;
  out->length = static_cast<int64_t>(rows.size());
  for (uint32_t row : rows) {
    if (row >= array.length) {
      throw common::InternalError(
          fmt::format("take: row {} of an array of {} rows", row, array.length));
    }
  }
  if (array.type->id == TypeId::kNull) {
    out->null_count = out->length;
    return out;
  }
  out->buffers.push_back(take_validity(array, rows, out->null_count));
  switch (array.type->id) {
    case TypeId::kBool:
      out->buffers.push_back(take_bits(array, rows));
      break;
    case TypeId::kUtf8:
    case TypeId::kBinary:
      take_strings(array, rows, *out);
      break;
    case TypeId::kList:
      take_lists(array, rows, *out);
      break;
    case TypeId::kStruct:
      for (size_t i = 0; i < array.children.size(); ++i) {
        out->children.push_back(take(*struct_field(array, i), rows));
      }
      break;
    default: {
      int width = fixed_width_bytes(array.type->id);
      if (width <= 0) {
        throw common::InternalError("take: unsupported type " + array.type->to_string());
      }
      out->buffers.push_back(take_fixed(array, rows, width));
    }
  }
  return out;
}

RecordBatch take_rows(const RecordBatch& batch, const std::vector<uint32_t>& rows,
                      const std::vector<size_t>& column_indices, const SchemaPtr& schema) {
  bool all = rows.size() == size_t(batch.num_rows);
  for (size_t i = 0; all && i < rows.size(); ++i) all = rows[i] == i;
  RecordBatch out{schema, static_cast<int64_t>(rows.size()), {}};
  out.columns.reserve(column_indices.size());
  for (size_t index : column_indices) {
    const ArrayPtr& column = batch.columns.at(index);
    out.columns.push_back(all ? column : take(*column, rows));
  }
  return out;
}

}  // namespace larkbase::columnar
