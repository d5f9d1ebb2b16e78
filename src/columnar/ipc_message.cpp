#include "columnar/ipc_message.hpp"

#include <cstring>

#include <fmt/format.h>

#include "common/error.hpp"

namespace larkbase::columnar::ipc_detail {
namespace {

using common::UserError;

constexpr uint32_t kContinuationMarker = 0xFFFFFFFFu;

uint32_t read_u32(std::string_view bytes, size_t at) {
  uint32_t value;
  std::memcpy(&value, bytes.data() + at, 4);  // little endian, as on every supported host
  return value;
}

void append_u32(std::string& out, uint32_t value) {
  char raw[4];
  std::memcpy(raw, &value, 4);
  out.append(raw, 4);
}

}  // namespace

fbs::MetadataVersion metadata_version(IpcFraming framing) {
  return framing == IpcFraming::kLegacy ? fbs::MetadataVersion_V4 : fbs::MetadataVersion_V5;
}

std::string frame_metadata(const flatbuffers::FlatBufferBuilder& builder, IpcFraming framing,
                           size_t body_size) {
  const size_t prefix = framing == IpcFraming::kLegacy ? 4 : 8;
  const size_t metadata = padded(prefix + builder.GetSize()) - prefix;
  std::string out;
  out.reserve(prefix + metadata + body_size);
  if (framing == IpcFraming::kContinuation) append_u32(out, kContinuationMarker);
  append_u32(out, uint32_t(metadata));
  out.append(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
  out.append(metadata - builder.GetSize(), '\0');
  return out;
}

bool is_end_of_stream(std::string_view bytes) {
  if (bytes.size() >= 4 && read_u32(bytes, 0) == 0) return true;
  return bytes.size() >= 8 && read_u32(bytes, 0) == kContinuationMarker && read_u32(bytes, 4) == 0;
}

MessageView::MessageView(std::string_view bytes) {
  if (bytes.size() < 4) {
    throw UserError(fmt::format(
        "Arrow IPC message is truncated: {} bytes, not even a length prefix", bytes.size()));
  }
  size_t prefix = 4;
  uint32_t length = read_u32(bytes, 0);
  framing_ = IpcFraming::kLegacy;
  if (length == kContinuationMarker) {
    if (bytes.size() < 8) throw UserError("Arrow IPC message is truncated inside its prefix");
    prefix = 8;
    length = read_u32(bytes, 4);
    framing_ = IpcFraming::kContinuation;
  }
  if (length == 0) throw UserError("Arrow IPC input is an end-of-stream marker, not a message");
  if (length > 0x7FFFFFFFu || length > bytes.size() - prefix) {
    throw UserError(fmt::format(
        "Arrow IPC message is truncated: metadata length {} but only {} bytes follow the prefix",
        int32_t(length), bytes.size() - prefix));
  }
  metadata_length_ = int32_t(length);

  storage_.reset(new uint64_t[(length + 7) / 8]);
  std::memcpy(storage_.get(), bytes.data() + prefix, length);
  const auto* metadata = reinterpret_cast<const uint8_t*>(storage_.get());
  flatbuffers::Verifier verifier(metadata, length);
  if (!fbs::VerifyMessageBuffer(verifier)) {
    throw UserError("Arrow IPC message metadata is not a valid flatbuffer Message");
  }
  message_ = fbs::GetMessage(metadata);

  const auto version = message_->version();
  if (version != fbs::MetadataVersion_V4 && version != fbs::MetadataVersion_V5) {
    throw UserError(fmt::format(
        "Arrow IPC metadata version V{} is not supported (V4 or V5 expected)", int(version) + 1));
  }
  const int64_t body_length = message_->body_length();
  const size_t available = bytes.size() - prefix - length;
  if (body_length < 0 || uint64_t(body_length) > available) {
    throw UserError(
        fmt::format("Arrow IPC message is truncated: body of {} bytes announced, {} present",
                    body_length, available));
  }
  body_ = bytes.substr(prefix + length, size_t(body_length));
  total_bytes_ = prefix + length + size_t(body_length);
}

}  // namespace larkbase::columnar::ipc_detail
