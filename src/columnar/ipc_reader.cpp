#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "columnar/ipc.hpp"
#include "columnar/ipc_message.hpp"
#include "columnar/ipc_schema.hpp"
#include "common/error.hpp"

namespace larkbase::columnar {
namespace {

using common::UserError;
using ipc_detail::MessageView;

// Element `i` of a vector of flatbuffer structs, copied out: the Verifier only
// guarantees 4-byte alignment of a vector, and these structs hold int64 fields.
template <typename T>
T struct_at(const flatbuffers::Vector<const T*>& vector, flatbuffers::uoffset_t i) {
  T out;
  std::memcpy(static_cast<void*>(&out), vector.Data() + size_t(i) * sizeof(T), sizeof(T));
  return out;
}

const char* kind_name(fbs::MessageHeader header) {
  const char* name = fbs::EnumNameMessageHeader(header);
  return *name ? name : "unknown";
}

// Hands out the field nodes and body buffers of one RecordBatch in pre-order and
// rebuilds arrays from them, copying each buffer out of the message body.
class BatchReader {
 public:
  BatchReader(const fbs::RecordBatch& batch, std::string_view body) : batch_(batch), body_(body) {
    if (!batch.nodes() || !batch.buffers()) {
      throw UserError("Arrow record batch has no field nodes or no buffer table");
    }
  }

  ArrayPtr read_array(const Field& field) {
    const fbs::FieldNode node = next_node(field);
    auto array = std::make_shared<ArrayData>();
    array->type = field.type;
    array->length = node.length();
    array->null_count = node.null_count();
    if (array->length < 0 || array->length > std::numeric_limits<int32_t>::max() ||
        array->null_count < 0 || array->null_count > array->length) {
      throw UserError(fmt::format("Arrow column '{}' has an invalid length {} or null count {}",
                                  field.name, array->length, array->null_count));
    }
    const TypeId id = field.type->id;
    if (id == TypeId::kNull) {
      array->null_count = array->length;
      return array;
    }
    BufferPtr validity = next_buffer(field);
    array->buffers.push_back(array->null_count > 0 ? validity : nullptr);
    if (id == TypeId::kUtf8 || id == TypeId::kBinary || id == TypeId::kList) {
      array->buffers.push_back(offsets_buffer(field, array->length));
    } else if (id != TypeId::kStruct) {
      array->buffers.push_back(next_buffer(field));
    }
    if (id == TypeId::kUtf8 || id == TypeId::kBinary) array->buffers.push_back(next_buffer(field));
    for (const Field& child : field.type->children) array->children.push_back(read_array(child));
    return array;
  }

  void expect_consumed() const {
    if (node_ != batch_.nodes()->size() || buffer_ != batch_.buffers()->size()) {
      throw UserError(fmt::format(
          "Arrow record batch has {} field nodes and {} buffers, the schema uses {} and {}",
          batch_.nodes()->size(), batch_.buffers()->size(), node_, buffer_));
    }
  }

 private:
  fbs::FieldNode next_node(const Field& field) {
    if (node_ >= batch_.nodes()->size()) {
      throw UserError(fmt::format(
          "Arrow record batch has fewer field nodes than the schema needs (at column '{}')",
          field.name));
    }
    return struct_at(*batch_.nodes(), node_++);
  }

  BufferPtr next_buffer(const Field& field) {
    if (buffer_ >= batch_.buffers()->size()) {
      throw UserError(
          fmt::format("Arrow record batch has fewer buffers than the schema needs (at column '{}')",
                      field.name));
    }
    const fbs::Buffer entry = struct_at(*batch_.buffers(), buffer_++);
    if (entry.offset() < 0 || entry.length() < 0 || uint64_t(entry.offset()) > body_.size() ||
        uint64_t(entry.length()) > body_.size() - uint64_t(entry.offset())) {
      throw UserError(fmt::format(
          "Arrow buffer of column '{}' (offset {}, length {}) is outside the {}-byte body",
          field.name, entry.offset(), entry.length(), body_.size()));
    }
    auto buffer = std::make_shared<Buffer>();
    const auto* begin = reinterpret_cast<const uint8_t*>(body_.data()) + entry.offset();
    buffer->bytes.assign(begin, begin + entry.length());
    return buffer;
  }

  // A zero-row array may carry an empty offsets buffer; the layout wants one 0.
  BufferPtr offsets_buffer(const Field& field, int64_t length) {
    BufferPtr offsets = next_buffer(field);
    if (length == 0 && offsets->size() < 4) {
      auto zero = std::make_shared<Buffer>();
      zero->bytes.assign(4, 0);
      return zero;
    }
    return offsets;
  }

  const fbs::RecordBatch& batch_;
  std::string_view body_;
  flatbuffers::uoffset_t node_ = 0;
  flatbuffers::uoffset_t buffer_ = 0;
};

Schema schema_from(const MessageView& view) {
  const fbs::Schema* schema = view.message().header_as_Schema();
  if (!schema) {
    throw UserError(fmt::format("Arrow IPC message is a {} message, a Schema was expected",
                                kind_name(view.message().header_type())));
  }
  return ipc_detail::read_schema(*schema);
}

RecordBatch batch_from(const MessageView& view, SchemaPtr schema) {
  const fbs::RecordBatch* header = view.message().header_as_RecordBatch();
  if (!header) {
    throw UserError(fmt::format("Arrow IPC message is a {} message, a RecordBatch was expected",
                                kind_name(view.message().header_type())));
  }
  if (header->compression()) {
    throw UserError("Arrow record batch has a compressed body, which larkbase does not read");
  }
  if (header->length() < 0 || header->length() > std::numeric_limits<int32_t>::max()) {
    throw UserError(fmt::format("Arrow record batch has an invalid length {}", header->length()));
  }
  BatchReader reader(*header, view.body());
  RecordBatch batch{schema, header->length(), {}};
  for (const Field& field : schema->fields) {
    ArrayPtr column = reader.read_array(field);
    if (column->length != batch.num_rows) {
      throw UserError(fmt::format("Arrow column '{}' has {} rows, the record batch {}", field.name,
                                  column->length, batch.num_rows));
    }
    if (std::string problem = check_array(*column); !problem.empty()) {
      throw UserError(fmt::format("Arrow column '{}' is malformed: {}", field.name, problem));
    }
    batch.columns.push_back(std::move(column));
  }
  reader.expect_consumed();
  return batch;
}

}  // namespace

Schema read_schema_message(std::string_view bytes) { return schema_from(MessageView(bytes)); }

RecordBatch read_record_batch_message(std::string_view bytes, SchemaPtr schema) {
  if (!schema) throw common::InternalError("read_record_batch_message needs a schema");
  return batch_from(MessageView(bytes), std::move(schema));
}

IpcStream read_stream(std::string_view bytes) {
  IpcStream stream;
  size_t at = 0;
  {
    MessageView first(bytes);
    stream.schema = std::make_shared<const Schema>(schema_from(first));
    at = first.total_bytes();
  }
  while (at < bytes.size() && !ipc_detail::is_end_of_stream(bytes.substr(at))) {
    MessageView view(bytes.substr(at));
    if (view.message().header_type() == fbs::MessageHeader_DictionaryBatch) {
      throw UserError("Arrow stream has a dictionary batch, which larkbase does not read");
    }
    stream.batches.push_back(batch_from(view, stream.schema));
    at += view.total_bytes();
  }
  return stream;
}

IpcMessageInfo describe_message(std::string_view bytes) {
  MessageView view(bytes);
  IpcMessageInfo info;
  info.framing = view.framing();
  info.metadata_length = view.metadata_length();
  info.metadata_version = int(view.message().version());
  switch (view.message().header_type()) {
    case fbs::MessageHeader_Schema:
      info.kind = IpcMessageKind::kSchema;
      break;
    case fbs::MessageHeader_DictionaryBatch:
      info.kind = IpcMessageKind::kDictionaryBatch;
      break;
    case fbs::MessageHeader_RecordBatch:
      info.kind = IpcMessageKind::kRecordBatch;
      break;
    default:
      info.kind = IpcMessageKind::kOther;
  }
  info.body_length = view.message().body_length();
  info.total_bytes = view.total_bytes();
  if (const fbs::RecordBatch* batch = view.message().header_as_RecordBatch()) {
    info.num_rows = batch->length();
    if (batch->buffers()) {
      for (flatbuffers::uoffset_t i = 0; i < batch->buffers()->size(); ++i) {
        const fbs::Buffer buffer = struct_at(*batch->buffers(), i);
        info.buffers.push_back({buffer.offset(), buffer.length()});
      }
    }
  }
  return info;
}

}  // namespace larkbase::columnar
