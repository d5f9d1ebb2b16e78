#include "columnar/concat.hpp"

#include <cstring>

#include "columnar/builder.hpp"
#include "common/error.hpp"

namespace larkbase::columnar {
namespace {

BufferPtr make_buffer(std::vector<uint8_t> bytes) {
  auto buffer = std::make_shared<Buffer>();
  buffer->bytes = std::move(bytes);
  return buffer;
}

// The validity bitmap of the joined parts, or null when no part has a null.
BufferPtr join_validity(const std::vector<ArrayPtr>& parts, int64_t& null_count) {
  null_count = 0;
  for (const ArrayPtr& part : parts) null_count += part->null_count;
  if (null_count == 0) return nullptr;
  std::vector<uint8_t> bits;
  int64_t index = 0;
  for (const ArrayPtr& part : parts) {
    for (int64_t i = 0; i < part->length; ++i) append_bit(bits, index++, part->is_valid(i));
  }
  return make_buffer(std::move(bits));
}

ArrayPtr concat_arrays(const DataTypePtr& type, const std::vector<ArrayPtr>& parts);

// Offsets rebased to 0 across the parts; `ranges` receives each part's [begin, end).
std::vector<uint8_t> join_offsets(const std::vector<ArrayPtr>& parts,
                                  std::vector<std::pair<int32_t, int32_t>>& ranges) {
  std::vector<int32_t> offsets{0};
  for (const ArrayPtr& part : parts) {
    const int32_t* source =
        reinterpret_cast<const int32_t*>(part->buffers[1]->data()) + part->offset;
    const int32_t begin = part->length > 0 ? source[0] : 0;
    const int32_t end = part->length > 0 ? source[part->length] : 0;
    ranges.emplace_back(begin, end);
    for (int64_t i = 1; i <= part->length; ++i) {
      const int64_t next = int64_t(offsets.back()) + (source[i] - source[i - 1]);
      if (next > INT32_MAX) throw common::InternalError("joined block exceeds 2 GiB of values");
      offsets.push_back(int32_t(next));
    }
  }
  std::vector<uint8_t> bytes(offsets.size() * sizeof(int32_t));
  std::memcpy(bytes.data(), offsets.data(), bytes.size());
  return bytes;
}

ArrayPtr concat_arrays(const DataTypePtr& type, const std::vector<ArrayPtr>& parts) {
  auto out = std::make_shared<ArrayData>();
  out->type = type;
  for (const ArrayPtr& part : parts) out->length += part->length;
  if (type->id == TypeId::kNull) {
    out->null_count = out->length;
    return out;
  }
  out->buffers.push_back(join_validity(parts, out->null_count));
  switch (type->id) {
    case TypeId::kBool: {
      std::vector<uint8_t> bits;
      int64_t index = 0;
      for (const ArrayPtr& part : parts) {
        for (int64_t i = 0; i < part->length; ++i) {
          append_bit(bits, index++, part->is_valid(i) && part->bool_value(i));
        }
      }
      out->buffers.push_back(make_buffer(std::move(bits)));
      break;
    }
    case TypeId::kUtf8:
    case TypeId::kBinary: {
      std::vector<std::pair<int32_t, int32_t>> ranges;
      out->buffers.push_back(make_buffer(join_offsets(parts, ranges)));
      std::vector<uint8_t> data;
      for (size_t p = 0; p < parts.size(); ++p) {
        const uint8_t* source = parts[p]->buffers[2] ? parts[p]->buffers[2]->data() : nullptr;
        if (source) data.insert(data.end(), source + ranges[p].first, source + ranges[p].second);
      }
      out->buffers.push_back(make_buffer(std::move(data)));
      break;
    }
    case TypeId::kList: {
      std::vector<std::pair<int32_t, int32_t>> ranges;
      out->buffers.push_back(make_buffer(join_offsets(parts, ranges)));
      std::vector<ArrayPtr> items;
      for (size_t p = 0; p < parts.size(); ++p) {
        items.push_back(
            slice(parts[p]->children[0], ranges[p].first, ranges[p].second - ranges[p].first));
      }
      out->children.push_back(concat_arrays(type->children[0].type, items));
      break;
    }
    case TypeId::kStruct: {
      for (size_t m = 0; m < type->children.size(); ++m) {
        std::vector<ArrayPtr> members;
        for (const ArrayPtr& part : parts) members.push_back(struct_field(*part, m));
        out->children.push_back(concat_arrays(type->children[m].type, members));
      }
      break;
    }
    default: {
      const int width = fixed_width_bytes(type->id);
      if (width <= 0) {
        throw common::InternalError("cannot join arrays of type " + type->to_string());
      }
      std::vector<uint8_t> values;
      values.reserve(size_t(out->length * width));
      for (const ArrayPtr& part : parts) {
        const uint8_t* source = part->buffers[1]->data() + part->offset * width;
        values.insert(values.end(), source, source + part->length * width);
      }
      out->buffers.push_back(make_buffer(std::move(values)));
    }
  }
  return out;
}

}  // namespace

RecordBatch concat_batches(const SchemaPtr& schema, const std::vector<RecordBatch>& batches) {
  if (batches.size() == 1) return batches[0];
  RecordBatch out;
  out.schema = schema;
  for (size_t c = 0; c < schema->fields.size(); ++c) {
    std::vector<ArrayPtr> parts;
    for (const auto& batch : batches) parts.push_back(batch.columns[c]);
    out.columns.push_back(concat_arrays(schema->fields[c].type, parts));
  }
  for (const auto& batch : batches) out.num_rows += batch.num_rows;
  return out;
}

}  // namespace larkbase::columnar
