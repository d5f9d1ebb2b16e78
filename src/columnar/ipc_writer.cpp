#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "columnar/ipc.hpp"
#include "columnar/ipc_message.hpp"
#include "columnar/ipc_schema.hpp"
#include "columnar/record_batch_message.hpp"
#include "common/error.hpp"

namespace larkbase::columnar {
namespace {

using ipc_detail::padded;

// Copies the bits [bit_offset, bit_offset + length) of `bitmap` to `out` from bit
// `at` on; no bitmap means all set (an absent validity bitmap: every value valid).
void copy_bits(const uint8_t* bitmap, int64_t bit_offset, int64_t length, uint8_t* out,
               int64_t at) {
  for (int64_t i = 0; i < length; ++i) {
    const int64_t bit = bit_offset + i;
    if (!bitmap || ((bitmap[bit >> 3] >> (bit & 7)) & 1)) {
      out[(at + i) >> 3] |= uint8_t(1u << ((at + i) & 7));
    }
  }
}

using Parts = std::vector<const ArrayData*>;

// Lays out the body of one record batch (buffers 8-aligned, in pre-order), the
// field nodes and the buffer table, for rows given as one or more parts (the
// batches of a block, written as if concatenated). Buffers are referenced where
// they lie; only re-based offsets and joined or shifted bitmaps are
// materialised, so the bytes are copied once, straight into the message.
class BodyWriter {
 public:
  void write_array(const Parts& parts) {
    const TypeId id = parts[0]->type->id;
    int64_t length = 0;
    int64_t nulls = 0;
    for (const ArrayData* part : parts) {
      length += part->length;
      nulls += count_nulls(*part);
    }
    nodes_.emplace_back(length, nulls);
    if (id == TypeId::kNull) return;  // no buffers in the IPC layout
    write_bitmap(parts, 0, nulls > 0 ? length : 0);
    if (id == TypeId::kBool) {
      write_bitmap(parts, 1, length);
    } else if (int width = fixed_width_bytes(id); width > 0) {
      std::vector<Piece> pieces;
      for (const ArrayData* part : parts) {
        pieces.push_back(
            {part->buffers[1]->data() + part->offset * width, size_t(part->length * width)});
      }
      add_pieces(std::move(pieces));
    } else if (id == TypeId::kUtf8 || id == TypeId::kBinary) {
      const std::vector<std::pair<int32_t, int32_t>> ranges = write_offsets(parts);
      std::vector<Piece> pieces;
      for (size_t i = 0; i < parts.size(); ++i) {
        const auto [begin, end] = ranges[i];
        const Buffer* data = parts[i]->buffers[2].get();
        pieces.push_back({data ? data->data() + begin : nullptr, size_t(end - begin)});
      }
      add_pieces(std::move(pieces));
    } else if (id == TypeId::kList) {
      const std::vector<std::pair<int32_t, int32_t>> ranges = write_offsets(parts);
      std::vector<ArrayPtr> items;
      for (size_t i = 0; i < parts.size(); ++i) {
        items.push_back(
            slice(parts[i]->children[0], ranges[i].first, ranges[i].second - ranges[i].first));
      }
      write_children(items);
    } else if (id == TypeId::kStruct) {
      for (size_t f = 0; f < parts[0]->children.size(); ++f) {
        std::vector<ArrayPtr> fields;
        for (const ArrayData* part : parts) fields.push_back(struct_field(*part, f));
        write_children(fields);
      }
    }
  }

  size_t body_size() const { return body_size_; }
  const std::vector<fbs::FieldNode>& nodes() const { return nodes_; }
  const std::vector<fbs::Buffer>& buffers() const { return buffers_; }

  // Hands the padded body to `sink`, in order.
  void write_body(const std::function<void(std::string_view)>& sink) const {
    size_t at = 0;
    for (size_t i = 0; i < pieces_.size(); ++i) {
      if (buffers_[i].length() == 0) continue;
      at = pad(sink, at, size_t(buffers_[i].offset()));
      for (const Piece& piece : pieces_[i]) {
        if (piece.size == 0) continue;
        sink({reinterpret_cast<const char*>(piece.data), piece.size});
        at += piece.size;
      }
    }
    pad(sink, at, body_size_);
  }

 private:
  struct Piece {
    const uint8_t* data;
    size_t size;
  };

  // Zero bytes from `at` to `to` (the padding between buffers is under 8 bytes).
  static size_t pad(const std::function<void(std::string_view)>& sink, size_t at, size_t to) {
    static constexpr char kZeros[8] = {};
    while (at < to) {
      const size_t n = std::min(to - at, sizeof kZeros);
      sink({kZeros, n});
      at += n;
    }
    return at;
  }

  static int64_t count_nulls(const ArrayData& array) {
    if (array.type->id == TypeId::kNull) return array.length;
    if (array.buffers.empty() || !array.buffers[0]) return 0;
    return count_zero_bits(array.buffers[0]->data(), array.offset, array.length);
  }

  void write_children(const std::vector<ArrayPtr>& children) {
    Parts parts;
    for (const ArrayPtr& child : children) parts.push_back(child.get());
    write_array(parts);
  }

  void add_pieces(std::vector<Piece> pieces) {
    size_t size = 0;
    for (const Piece& piece : pieces) size += piece.size;
    buffers_.emplace_back(int64_t(body_size_), int64_t(size));
    pieces_.push_back(std::move(pieces));
    body_size_ = padded(body_size_ + size);
  }

  void add_buffer(const uint8_t* data, size_t size) { add_pieces({{data, size}}); }

  void add_owned(std::vector<uint8_t> bytes) {
    scratch_.push_back(std::move(bytes));  // moving keeps the heap block: pointers stay valid
    add_buffer(scratch_.back().data(), scratch_.back().size());
  }

  // Bitmap `index` of the parts, `length` bits in all (0: written as an empty
  // buffer: all valid, or the Bool values of a zero-row array). One part at an
  // 8-aligned offset needs no copy; otherwise the bits are joined.
  void write_bitmap(const Parts& parts, size_t index, int64_t length) {
    if (length == 0) return add_buffer(nullptr, 0);
    auto bitmap_of = [index](const ArrayData& part) -> const uint8_t* {
      return index < part.buffers.size() && part.buffers[index] ? part.buffers[index]->data()
                                                                : nullptr;
    };
    const ArrayData& first = *parts[0];
    if (parts.size() == 1 && bitmap_of(first) && first.offset % 8 == 0) {
      return add_buffer(bitmap_of(first) + first.offset / 8, size_t((length + 7) / 8));
    }
    std::vector<uint8_t> out(size_t((length + 7) / 8), 0);
    int64_t at = 0;
    for (const ArrayData* part : parts) {
      copy_bits(bitmap_of(*part), part->offset, part->length, out.data(), at);
      at += part->length;
    }
    add_owned(std::move(out));
  }

  // Writes the parts' offsets as one buffer re-based to start at 0; returns each
  // part's original [first, last].
  std::vector<std::pair<int32_t, int32_t>> write_offsets(const Parts& parts) {
    std::vector<std::pair<int32_t, int32_t>> ranges;
    int64_t rows = 0;
    for (const ArrayData* part : parts) {
      const int32_t* offsets = offsets_of(*part);
      ranges.emplace_back(offsets[0], offsets[part->length]);
      rows += part->length;
    }
    if (parts.size() == 1 && ranges[0].first == 0) {
      add_buffer(reinterpret_cast<const uint8_t*>(offsets_of(*parts[0])), size_t(rows + 1) * 4);
      return ranges;
    }
    std::vector<uint8_t> rebased(size_t(rows + 1) * 4);
    int64_t base = 0;
    size_t at = 0;
    for (size_t p = 0; p < parts.size(); ++p) {
      const int32_t* offsets = offsets_of(*parts[p]);
      for (int64_t i = 0; i < parts[p]->length; ++i, ++at) {
        const auto value = int32_t(base + offsets[i] - ranges[p].first);
        std::memcpy(rebased.data() + at * 4, &value, 4);
      }
      base += ranges[p].second - ranges[p].first;
      if (base > INT32_MAX) {
        throw common::InternalError("a record batch message over 2 GiB of values in one column");
      }
    }
    const auto end = int32_t(base);
    std::memcpy(rebased.data() + at * 4, &end, 4);
    add_owned(std::move(rebased));
    return ranges;
  }

  static const int32_t* offsets_of(const ArrayData& array) {
    return reinterpret_cast<const int32_t*>(array.buffers[1]->data()) + array.offset;
  }

  size_t body_size_ = 0;
  std::vector<fbs::FieldNode> nodes_;
  std::vector<fbs::Buffer> buffers_;
  std::vector<std::vector<Piece>> pieces_;  // one list per buffer
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

struct RecordBatchMessage::Layout {
  BodyWriter body;
  std::string metadata;  // framed: prefix, flatbuffer and its padding
};

RecordBatchMessage::RecordBatchMessage(const std::vector<RecordBatch>& parts, IpcFraming framing)
    : layout_(std::make_unique<Layout>()) {
  if (parts.empty()) throw common::InternalError("a record batch message of no batches");
  int64_t rows = 0;
  for (const RecordBatch& part : parts) {
    part.validate();
    if (!part.schema->equals(*parts[0].schema)) {
      throw common::InternalError("the batches of one record batch message differ in schema");
    }
    rows += part.num_rows;
  }
  BodyWriter& writer = layout_->body;
  for (size_t c = 0; c < parts[0].columns.size(); ++c) {
    Parts columns;
    for (const RecordBatch& part : parts) columns.push_back(part.columns[c].get());
    writer.write_array(columns);
  }
  flatbuffers::FlatBufferBuilder builder(1024);
  auto nodes = builder.CreateVectorOfStructs(writer.nodes());
  auto buffers = builder.CreateVectorOfStructs(writer.buffers());
  auto header = fbs::CreateRecordBatch(builder, rows, nodes, buffers);
  builder.Finish(fbs::CreateMessage(builder, ipc_detail::metadata_version(framing),
                                    fbs::MessageHeader_RecordBatch, header.Union(),
                                    int64_t(writer.body_size())));
  layout_->metadata = ipc_detail::frame_metadata(builder, framing, 0);
}

RecordBatchMessage::~RecordBatchMessage() = default;
RecordBatchMessage::RecordBatchMessage(RecordBatchMessage&&) noexcept = default;
RecordBatchMessage& RecordBatchMessage::operator=(RecordBatchMessage&&) noexcept = default;

size_t RecordBatchMessage::size() const {
  return layout_->metadata.size() + layout_->body.body_size();
}

void RecordBatchMessage::write(const std::function<void(std::string_view)>& sink) const {
  sink(layout_->metadata);
  layout_->body.write_body(sink);
}

std::string write_record_batch_message(const std::vector<RecordBatch>& parts, IpcFraming framing,
                                       size_t room_after) {
  const RecordBatchMessage message(parts, framing);
  std::string out;
  out.reserve(message.size() + room_after);
  message.write([&out](std::string_view bytes) { out.append(bytes); });
  return out;
}

std::string write_record_batch_message(const RecordBatch& batch, IpcFraming framing,
                                       size_t room_after) {
  return write_record_batch_message(std::vector<RecordBatch>{batch}, framing, room_after);
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
