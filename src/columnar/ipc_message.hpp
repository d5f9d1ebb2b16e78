#pragma once
// Internal to the IPC writer/reader: the envelope of one encapsulated message
// (prefix, padded flatbuffer metadata, body).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <flatbuffers/flatbuffers.h>

#include "columnar/fbs/message_generated.h"
#include "columnar/ipc.hpp"

namespace larkbase::columnar::ipc_detail {

constexpr size_t kAlignment = 8;
constexpr size_t padded(size_t size) { return (size + kAlignment - 1) / kAlignment * kAlignment; }

fbs::MetadataVersion metadata_version(IpcFraming framing);

// Prefix + the finished flatbuffer padded to 8, with capacity reserved for a body of
// `body_size` bytes that the caller appends.
std::string frame_metadata(const flatbuffers::FlatBufferBuilder& builder, IpcFraming framing,
                           size_t body_size);

// One verified message. The metadata is copied into 8-aligned storage so that
// flatbuffer reads are aligned whatever the input's alignment.
class MessageView {
 public:
  // Throws UserError: truncated input, an end-of-stream marker, a flatbuffer that
  // fails verification, an unsupported metadata version, a body past the input.
  explicit MessageView(std::string_view bytes);
  MessageView(const MessageView&) = delete;
  MessageView& operator=(const MessageView&) = delete;

  const fbs::Message& message() const { return *message_; }
  std::string_view body() const { return body_; }
  IpcFraming framing() const { return framing_; }
  int32_t metadata_length() const { return metadata_length_; }
  size_t total_bytes() const { return total_bytes_; }

 private:
  std::unique_ptr<uint64_t[]> storage_;
  const fbs::Message* message_ = nullptr;
  std::string_view body_;
  IpcFraming framing_ = IpcFraming::kContinuation;
  int32_t metadata_length_ = 0;
  size_t total_bytes_ = 0;
};

// True when `bytes` starts with an end-of-stream marker (either framing).
bool is_end_of_stream(std::string_view bytes);

}  // namespace larkbase::columnar::ipc_detail
