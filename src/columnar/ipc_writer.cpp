#include <cstring>

#include <fmt/format.h>

#include "columnar/ipc.hpp"
#include "columnar/ipc_message.hpp"
#include "columnar/ipc_schema.hpp"
#include "common/error.hpp"

namespace larkbase::columnar {
namespace {

using ipc_detail::padded;

// A bitmap's bits [bit_offset, bit_offset + length) moved to start at bit 0.
std::vector<uint8_t> realign_bits(const uint8_t* bitmap, int64_t bit_offset, int64_t length) {
  std::vector<uint8_t> out(size_t((length + 7) / 8), 0);
  for (int64_t i = 0; i < length; ++i) {
    const int64_t bit = bit_offset + i;
    if ((bitmap[bit >> 3] >> (bit & 7)) & 1) out[size_t(i >> 3)] |= uint8_t(1u << (i & 7));
  }
  return out;
}

// Lays out the body of one record batch (buffers 8-aligned, in pre-order), the
// field nodes and the buffer table. Buffers are referenced where they lie; only
// re-based offsets and shifted bitmaps are materialised, so the bytes are copied
// once, straight into the message.
class BodyWriter {
 public:
  void write_array(const ArrayData& array) {
    const TypeId id = array.type->id;
    const int64_t nulls = count_nulls(array);
    nodes_.emplace_back(array.length, nulls);
    if (id == TypeId::kNull) return;  // no buffers in the IPC layout
    write_bitmap(nulls > 0 ? array.buffers[0].get() : nullptr, array.offset, array.length);
    if (id == TypeId::kBool) {
      write_bitmap(array.buffers[1].get(), array.offset, array.length);
    } else if (int width = fixed_width_bytes(id); width > 0) {
      add_buffer(array.buffers[1]->data() + array.offset * width, size_t(array.length * width));
    } else if (id == TypeId::kUtf8 || id == TypeId::kBinary) {
      const auto [begin, end] = write_offsets(array);
      add_buffer(array.buffers[2] ? array.buffers[2]->data() + begin : nullptr,
                 size_t(end - begin));
    } else if (id == TypeId::kList) {
      const auto [begin, end] = write_offsets(array);
      write_array(*slice(array.children[0], begin, end - begin));
    } else if (id == TypeId::kStruct) {
      for (size_t i = 0; i < array.children.size(); ++i) write_array(*struct_field(array, i));
    }
  }

  size_t body_size() const { return body_size_; }
  const std::vector<fbs::FieldNode>& nodes() const { return nodes_; }
  const std::vector<fbs::Buffer>& buffers() const { return buffers_; }

  // Appends the padded body to `out`.
  void append_body(std::string& out) const {
    const size_t start = out.size();
    for (size_t i = 0; i < pieces_.size(); ++i) {
      if (buffers_[i].length() == 0) continue;
      out.resize(start + size_t(buffers_[i].offset()), '\0');  // padding before the buffer
      out.append(reinterpret_cast<const char*>(pieces_[i]), size_t(buffers_[i].length()));
    }
    out.resize(start + body_size_, '\0');
  }

 private:
  static int64_t count_nulls(const ArrayData& array) {
    if (array.type->id == TypeId::kNull) return array.length;
    if (array.buffers.empty() || !array.buffers[0]) return 0;
    return count_zero_bits(array.buffers[0]->data(), array.offset, array.length);
  }

  void add_buffer(const uint8_t* data, size_t size) {
    buffers_.emplace_back(int64_t(body_size_), int64_t(size));
    pieces_.push_back(data);
    body_size_ = padded(body_size_ + size);
  }

  void add_owned(std::vector<uint8_t> bytes) {
    scratch_.push_back(std::move(bytes));  // moving keeps the heap block: pointers stay valid
    add_buffer(scratch_.back().data(), scratch_.back().size());
  }

  // A null bitmap is written as an empty buffer (all valid, or the Bool values of
  // a zero-row array); an 8-aligned offset needs no copy.
  void write_bitmap(const Buffer* bitmap, int64_t offset, int64_t length) {
    if (!bitmap || length == 0) return add_buffer(nullptr, 0);
    if (offset % 8 == 0) return add_buffer(bitmap->data() + offset / 8, size_t((length + 7) / 8));
    add_owned(realign_bits(bitmap->data(), offset, length));
  }

  // Writes the offsets re-based to start at 0; returns the original [first, last].
  std::pair<int32_t, int32_t> write_offsets(const ArrayData& array) {
    const auto* offsets = reinterpret_cast<const int32_t*>(array.buffers[1]->data()) + array.offset;
    const int32_t first = offsets[0];
    const int32_t last = offsets[array.length];
    if (first == 0) {
      add_buffer(reinterpret_cast<const uint8_t*>(offsets), size_t(array.length + 1) * 4);
    } else {
      std::vector<uint8_t> rebased(size_t(array.length + 1) * 4);
      for (int64_t i = 0; i <= array.length; ++i) {
        const int32_t value = offsets[i] - first;
        std::memcpy(rebased.data() + i * 4, &value, 4);
      }
      add_owned(std::move(rebased));
    }
    return {first, last};
  }

  size_t body_size_ = 0;
  std::vector<fbs::FieldNode> nodes_;
  std::vector<fbs::Buffer> buffers_;
  std::vector<const uint8_t*> pieces_;  // one per buffer
  std::vector<std::vector<uint8_t>> scratch_;
};

}  // namespace

std::string write_schema_message(const Schema& schema, IpcFraming framing) {
  flatbuffers::FlatBufferBuilder builder(1024);
  auto header = ipc_detail::write_schema(builder, schema);
  builder.Finish(fbs::CreateMessage(builder, ipc_detail::metadata_version(framing),
                                    fbs::MessageHeader_Schema, header.Union(), 0));
  return ipc_detail::frame_metadata(builder, framing, 0);
}

std::string write_record_batch_message(const RecordBatch& batch, IpcFraming framing,
                                       size_t room_after) {
  batch.validate();
  BodyWriter writer;
  for (const ArrayPtr& column : batch.columns) writer.write_array(*column);
  flatbuffers::FlatBufferBuilder builder(1024);
  auto nodes = builder.CreateVectorOfStructs(writer.nodes());
  auto buffers = builder.CreateVectorOfStructs(writer.buffers());
  auto header = fbs::CreateRecordBatch(builder, batch.num_rows, nodes, buffers);
  builder.Finish(fbs::CreateMessage(builder, ipc_detail::metadata_version(framing),
                                    fbs::MessageHeader_RecordBatch, header.Union(),
                                    int64_t(writer.body_size())));
  std::string out = ipc_detail::frame_metadata(builder, framing, writer.body_size() + room_after);
  writer.append_body(out);
  return out;
}

std::string write_stream(const Schema& schema, const std::vector<RecordBatch>& batches) {
  std::string out = write_schema_message(schema, IpcFraming::kContinuation);
  for (const RecordBatch& batch : batches) {
    if (batch.schema && !batch.schema->equals(schema)) {
      throw common::InternalError("a batch of the Arrow stream does not match the stream's schema");
    }
    out += write_record_batch_message(batch, IpcFraming::kContinuation);
  }
  out.append("\xFF\xFF\xFF\xFF\0\0\0\0", 8);
  return out;
}

}  // namespace larkbase::columnar
