// Byte-level properties of the messages, as docs/athena-protocol.md §3.2–3.3 states them.
#include <gtest/gtest.h>

#include "columnar/builder.hpp"
#include "columnar/ipc.hpp"
#include "common/base64.hpp"
#include "sample_batch.hpp"

namespace larkbase::columnar {
namespace {

uint32_t u32_at(const std::string& bytes, size_t at) {
  uint32_t value;
  std::memcpy(&value, bytes.data() + at, 4);
  return value;
}

RecordBatch one_double_column(std::vector<std::optional<double>> values) {
  auto schema = std::make_shared<Schema>(Schema{{{"col1", float64_type()}}, {}});
  Float64Builder builder(float64_type());
  for (auto value : values) {
    if (value) {
      builder.append(*value);
    } else {
      builder.append_null();
    }
  }
  return RecordBatch{schema, int64_t(values.size()), {builder.finish()}};
}

TEST(IpcFormatTest, ContinuationFramingPrefixLengthAndVersion) {
  RecordBatch batch = one_double_column({1.1});
  const std::string schema = write_schema_message(*batch.schema, IpcFraming::kContinuation);
  const std::string records = write_record_batch_message(batch, IpcFraming::kContinuation);
  for (const std::string* message : {&schema, &records}) {
    EXPECT_EQ(u32_at(*message, 0), 0xFFFFFFFFu);
    const uint32_t length = u32_at(*message, 4);
    EXPECT_EQ((8 + length) % 8, 0u);
    IpcMessageInfo info = describe_message(*message);
    EXPECT_EQ(info.framing, IpcFraming::kContinuation);
    EXPECT_EQ(info.metadata_length, int32_t(length));
    EXPECT_EQ(info.metadata_version, 4);  // V5
    EXPECT_EQ(info.total_bytes, message->size());
    EXPECT_EQ(8 + length + info.body_length, message->size());
  }
  IpcMessageInfo info = describe_message(records);
  EXPECT_EQ(info.kind, IpcMessageKind::kRecordBatch);
  EXPECT_EQ(describe_message(schema).kind, IpcMessageKind::kSchema);
  EXPECT_EQ(describe_message(schema).body_length, 0);
  EXPECT_EQ(info.num_rows, 1);
  // No nulls: an empty validity buffer, then the 8-byte value.
  ASSERT_EQ(info.buffers.size(), 2u);
  EXPECT_EQ(info.buffers[0].length, 0);
  EXPECT_EQ(info.buffers[1].length, 8);
  EXPECT_EQ(info.body_length, 8);
  EXPECT_EQ(records.substr(records.size() - 8), "\x9A\x99\x99\x99\x99\x99\xF1\x3F");
}

TEST(IpcFormatTest, LegacyFramingHasNoMarkerAndVersionV4) {
  RecordBatch batch = one_double_column({1.1, std::nullopt});
  const std::string schema = write_schema_message(*batch.schema, IpcFraming::kLegacy);
  const std::string records = write_record_batch_message(batch, IpcFraming::kLegacy);
  for (const std::string* message : {&schema, &records}) {
    const uint32_t length = u32_at(*message, 0);
    EXPECT_NE(length, 0xFFFFFFFFu);
    EXPECT_EQ((4 + length) % 8, 0u);
    IpcMessageInfo info = describe_message(*message);
    EXPECT_EQ(info.framing, IpcFraming::kLegacy);
    EXPECT_EQ(info.metadata_version, 3);  // V4
    EXPECT_EQ(4 + length + info.body_length, message->size());
  }
  // With a null: validity (1 byte, padded to 8), then two 8-byte values.
  IpcMessageInfo info = describe_message(records);
  ASSERT_EQ(info.buffers.size(), 2u);
  EXPECT_EQ(info.buffers[0].offset, 0);
  EXPECT_EQ(info.buffers[0].length, 1);
  EXPECT_EQ(info.buffers[1].offset, 8);
  EXPECT_EQ(info.buffers[1].length, 16);
  EXPECT_EQ(info.body_length, 24);
  const std::string body = records.substr(records.size() - 24);
  EXPECT_EQ(body[0], '\x01');
  EXPECT_EQ(body.substr(1, 7), std::string(7, '\0'));
  EXPECT_EQ(body.substr(8, 8), "\x9A\x99\x99\x99\x99\x99\xF1\x3F");
}

TEST(IpcFormatTest, EveryBufferIsAlignedAndInsideThePaddedBody) {
  RecordBatch batch = testing::sample_batch();
  for (IpcFraming framing : {IpcFraming::kLegacy, IpcFraming::kContinuation}) {
    for (const RecordBatch& part : {batch, batch.slice(1, 3), batch.slice(3, 1)}) {
      const std::string message = write_record_batch_message(part, framing);
      IpcMessageInfo info = describe_message(message);
      EXPECT_EQ(info.body_length % 8, 0);
      EXPECT_EQ((message.size() - size_t(info.body_length)) % 8, 0u);
      int64_t previous_end = 0;
      for (const IpcBufferSpan& span : info.buffers) {
        EXPECT_EQ(span.offset % 8, 0) << span.offset;
        EXPECT_GE(span.offset, previous_end);
        EXPECT_LE(span.offset + span.length, info.body_length);
        previous_end = span.offset + span.length;
      }
    }
  }
}

// The two encodings of one FLOAT8 value 1.1 worked through in athena-protocol.md §3.3.
TEST(IpcFormatTest, ReadsTheWorkedExamplesOfTheProtocol) {
  const std::string v6_schema = common::base64_decode(
      "/////5AAAAAQAAAAAAAKAA4ABgANAAgACgAAAAAABAAQAAAAAAEKAAwAAAAIAAQACgAAAAgAAAAIAAAAAAAAAAEAAAAY"
      "AAAAAAASABgAFAATABIADAAAAAgABAASAAAAFAAAABQAAAAcAAAAAAADARwAAAAAAAAAAAAAAAAABgAIAAYABgAAAAAA"
      "Ag"
      "AEAAAAY29sMQAAAAA=");
  const std::string v6_records = common::base64_decode(
      "/////4gAAAAUAAAAAAAAAAwAFgAOABUAEAAEAAwAAAAQAAAAAAAAAAAABAAQAAAAAAMKABgADAAIAAQACgAAABQAAAA4"
      "AAAAAQAAAAAAAAAAAAAAAgAAAAAAAAAAAAAAAQAAAAAAAAAIAAAAAAAAAAgAAAAAAAAAAAAAAAEAAAABAAAAAAAAAAAA"
      "AA"
      "AAAAAAAQAAAAAAAACamZmZmZnxPw==");
  ASSERT_EQ(v6_schema.size(), 152u);
  ASSERT_EQ(v6_records.size(), 160u);
  IpcMessageInfo info = describe_message(v6_records);
  EXPECT_EQ(info.framing, IpcFraming::kContinuation);
  EXPECT_EQ(info.metadata_length, 136);
  EXPECT_EQ(info.metadata_version, 4);
  EXPECT_EQ(info.body_length, 16);
  ASSERT_EQ(info.buffers.size(), 2u);
  EXPECT_EQ(info.buffers[1].offset, 8);

  auto schema = std::make_shared<const Schema>(read_schema_message(v6_schema));
  ASSERT_EQ(schema->fields.size(), 1u);
  EXPECT_EQ(schema->fields[0].name, "col1");
  EXPECT_TRUE(schema->fields[0].nullable);
  EXPECT_EQ(schema->fields[0].type->id, TypeId::kFloat64);
  RecordBatch batch = read_record_batch_message(v6_records, schema);
  ASSERT_EQ(batch.num_rows, 1);
  EXPECT_EQ(batch.columns[0]->value<double>(0), 1.1);
}

TEST(IpcFormatTest, StreamEndsWithTheEndOfStreamMarker) {
  RecordBatch batch = one_double_column({1.0, 2.0});
  const std::string stream = write_stream(*batch.schema, {batch});
  const std::string schema = write_schema_message(*batch.schema, IpcFraming::kContinuation);
  const std::string records = write_record_batch_message(batch, IpcFraming::kContinuation);
  EXPECT_EQ(stream, schema + records + std::string("\xFF\xFF\xFF\xFF\0\0\0\0", 8));
}

}  // namespace
}  // namespace larkbase::columnar
