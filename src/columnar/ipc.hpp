#pragma once
// Arrow IPC: encapsulated messages (one Schema or one RecordBatch message, as the
// Athena protocol carries them base64-encoded in JSON) and whole streams (schema,
// batches, end-of-stream marker, for `larkbase sql --format arrow`).
//
// A message is [prefix][flatbuffer Message padded to 8][body]: the prefix is the
// metadata length as little-endian int32, preceded by 0xFFFFFFFF in the current
// framing. Every body buffer starts 8-aligned and is padded to 8. Readers accept
// both framings and throw common::UserError naming the problem on malformed input.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/record_batch.hpp"

namespace larkbase::columnar {

enum class IpcFraming {
  kLegacy,        // 4-byte LE length, MetadataVersion V4 (Athena serde v1/v2, spill files)
  kContinuation,  // 0xFFFFFFFF + 4-byte LE length, MetadataVersion V5 (serde v3 and later)
};

std::string write_schema_message(const Schema& schema, IpcFraming framing);
// Writes the rows of `batch` (a slice writes only its own rows, offsets re-based).
// `room_after` bytes are reserved past the message, for what the caller appends
// (a cipher tag) without reallocating, and so copying, a large message.
std::string write_record_batch_message(const RecordBatch& batch, IpcFraming framing,
                                       size_t room_after = 0);
// One message of the rows of `parts` in order, the same bytes as the message of
// their concatenation, written without concatenating them (no block-sized copy
// before the message). The parts share one schema; at least one part.
std::string write_record_batch_message(const std::vector<RecordBatch>& parts, IpcFraming framing,
                                       size_t room_after = 0);
Schema read_schema_message(std::string_view bytes);
RecordBatch read_record_batch_message(std::string_view bytes, SchemaPtr schema);

// Schema message + batches + end-of-stream marker, all in the continuation framing.
std::string write_stream(const Schema& schema, const std::vector<RecordBatch>& batches);

struct IpcStream {
  SchemaPtr schema;
  std::vector<RecordBatch> batches;
};
// Reads a stream in either framing; the end-of-stream marker may be absent.
IpcStream read_stream(std::string_view bytes);

enum class IpcMessageKind { kSchema, kDictionaryBatch, kRecordBatch, kOther };

struct IpcBufferSpan {
  int64_t offset = 0;  // from the start of the body
  int64_t length = 0;  // unpadded
};

// What the envelope of one message says (for protocol checks and diagnostics).
struct IpcMessageInfo {
  IpcFraming framing = IpcFraming::kContinuation;
  int32_t metadata_length = 0;  // the prefix's length field (padded flatbuffer bytes)
  int metadata_version = 0;     // the flatbuffer enum: 3 = V4, 4 = V5
  IpcMessageKind kind = IpcMessageKind::kOther;
  int64_t body_length = 0;
  size_t total_bytes = 0;              // prefix + metadata + body
  int64_t num_rows = 0;                // RecordBatch only
  std::vector<IpcBufferSpan> buffers;  // RecordBatch only: the buffer table
};
IpcMessageInfo describe_message(std::string_view bytes);

}  // namespace larkbase::columnar
