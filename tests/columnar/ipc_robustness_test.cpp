// Malformed input must give a UserError that names the problem, never a crash
// (run under ASan/UBSan in the sanitizer build).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "columnar/cell_json.hpp"
#include "columnar/fbs/message_generated.h"
#include "columnar/ipc.hpp"
#include "common/error.hpp"
#include "sample_batch.hpp"

namespace larkbase::columnar {
namespace {

using ::testing::HasSubstr;

constexpr IpcFraming kFramings[] = {IpcFraming::kLegacy, IpcFraming::kContinuation};

// Frames a finished flatbuffer in the continuation framing (padding to 8).
std::string frame(const flatbuffers::FlatBufferBuilder& builder, const std::string& body = "") {
  std::string meta(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
  meta.resize((meta.size() + 7) / 8 * 8, '\0');
  const uint32_t length = uint32_t(meta.size());
  std::string out("\xFF\xFF\xFF\xFF", 4);
  out.append(reinterpret_cast<const char*>(&length), 4);
  return out + meta + body;
}

std::string user_error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const common::UserError& error) {
    return error.what();
  }
  return "(no error)";
}

// A schema message with one field whose type is built by `make_type`.
template <typename MakeType>
std::string schema_with(MakeType make_type, bool dictionary = false,
                        fbs::Endianness endianness = fbs::Endianness_Little) {
  flatbuffers::FlatBufferBuilder builder;
  auto [type_tag, type] = make_type(builder);
  auto children = builder.CreateVector(std::vector<flatbuffers::Offset<fbs::Field>>{});
  auto name = builder.CreateString("c");
  flatbuffers::Offset<fbs::DictionaryEncoding> encoding = 0;
  if (dictionary)
    encoding = fbs::CreateDictionaryEncoding(builder, 1, fbs::CreateInt(builder, 32, true));
  auto field = fbs::CreateField(builder, name, true, type_tag, type, encoding, children);
  auto fields = builder.CreateVector(std::vector{field});
  auto schema = fbs::CreateSchema(builder, endianness, fields);
  builder.Finish(fbs::CreateMessage(builder, fbs::MetadataVersion_V5, fbs::MessageHeader_Schema,
                                    schema.Union(), 0));
  return frame(builder);
}

auto int_type(int bits, bool is_signed) {
  return [=](flatbuffers::FlatBufferBuilder& b) {
    return std::pair{fbs::Type_Int, fbs::CreateInt(b, bits, is_signed).Union()};
  };
}

// A record batch message for one Int32 column with the given nodes and buffers.
std::string batch_with(int64_t rows, std::vector<fbs::FieldNode> nodes,
                       std::vector<fbs::Buffer> buffers, std::string body, bool compressed = false,
                       fbs::MetadataVersion version = fbs::MetadataVersion_V5) {
  flatbuffers::FlatBufferBuilder builder;
  auto node_vector = builder.CreateVectorOfStructs(nodes);
  auto buffer_vector = builder.CreateVectorOfStructs(buffers);
  flatbuffers::Offset<fbs::BodyCompression> compression = 0;
  if (compressed) compression = fbs::CreateBodyCompression(builder, fbs::CompressionType_ZSTD);
  auto batch = fbs::CreateRecordBatch(builder, rows, node_vector, buffer_vector, compression);
  builder.Finish(fbs::CreateMessage(builder, version, fbs::MessageHeader_RecordBatch, batch.Union(),
                                    int64_t(body.size())));
  return frame(builder, body);
}

SchemaPtr int32_schema() { return std::make_shared<Schema>(Schema{{{"c", int32_type()}}, {}}); }

TEST(IpcRobustnessTest, EveryTruncationIsAUserError) {
  RecordBatch batch = testing::sample_batch();
  for (IpcFraming framing : kFramings) {
    const std::string schema = write_schema_message(*batch.schema, framing);
    const std::string records = write_record_batch_message(batch, framing);
    for (size_t n = 0; n < schema.size(); ++n) {
      ASSERT_THROW(read_schema_message(std::string_view(schema).substr(0, n)), common::UserError)
          << n;
    }
    for (size_t n = 0; n < records.size(); ++n) {
      ASSERT_THROW(read_record_batch_message(std::string_view(records).substr(0, n), batch.schema),
                   common::UserError)
          << n;
    }
  }
  // A stream cut anywhere but between two messages is truncated.
  const std::string schema = write_schema_message(*batch.schema, IpcFraming::kContinuation);
  const std::string stream = write_stream(*batch.schema, {batch});
  for (size_t n = 0; n + 8 < stream.size(); ++n) {
    if (n == schema.size()) continue;  // the schema alone is a valid stream
    ASSERT_THROW(read_stream(std::string_view(stream).substr(0, n)), common::UserError) << n;
  }
}

// Reads the mutated message; when it still decodes, every cell must be readable.
void read_and_render(const std::string& bytes, const SchemaPtr& schema) {
  RecordBatch batch = read_record_batch_message(bytes, schema);
  for (const ArrayPtr& column : batch.columns) {
    for (int64_t row = 0; row < batch.num_rows; ++row) (void)cell_to_json_text(*column, row);
  }
}

TEST(IpcRobustnessTest, RandomByteFlipsNeverCrash) {
  RecordBatch batch = testing::sample_batch();
  std::mt19937 random(20240601);
  int rejected = 0;
  for (IpcFraming framing : kFramings) {
    const std::string schema = write_schema_message(*batch.schema, framing);
    const std::string records = write_record_batch_message(batch, framing);
    for (int round = 0; round < 1500; ++round) {
      for (const std::string* original : {&schema, &records}) {
        std::string bytes = *original;
        const int flips = 1 + int(random() % 3);
        for (int i = 0; i < flips; ++i) bytes[random() % bytes.size()] = char(random() % 256);
        try {
          if (original == &schema) {
            Schema decoded = read_schema_message(bytes);
            for (const Field& field : decoded.fields) (void)field.type->to_string();
          } else {
            read_and_render(bytes, batch.schema);
          }
        } catch (const common::UserError&) {
          ++rejected;
        }
      }
    }
  }
  EXPECT_GT(rejected, 0);
}

TEST(IpcRobustnessTest, GarbageAndMarkers) {
  EXPECT_THAT(user_error_of([] { read_schema_message(""); }), HasSubstr("truncated"));
  EXPECT_THAT(
      user_error_of([] { read_schema_message(std::string("\xFF\xFF\xFF\xFF\0\0\0\0", 8)); }),
      HasSubstr("end-of-stream"));
  EXPECT_THAT(user_error_of([] { read_schema_message(std::string(64, '\x10')); }),
              HasSubstr("truncated"));
  EXPECT_THAT(user_error_of([] {
                read_schema_message(std::string("\x38\0\0\0", 4) + std::string(56, '\x10'));
              }),
              HasSubstr("not a valid flatbuffer"));
  EXPECT_THAT(user_error_of([] { read_schema_message(std::string("\x08\0\0\0", 4) + "garbage!"); }),
              HasSubstr("not a valid flatbuffer"));
  EXPECT_THAT(user_error_of([] { read_schema_message("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F"); }),
              HasSubstr("truncated"));
}

TEST(IpcRobustnessTest, UnsupportedTypesAreNamed) {
  auto map = [](flatbuffers::FlatBufferBuilder& b) {
    return std::pair{fbs::Type_Map, fbs::CreateMap(b).Union()};
  };
  EXPECT_THAT(user_error_of([&] { read_schema_message(schema_with(map)); }), HasSubstr("type Map"));
  EXPECT_THAT(user_error_of([&] { read_schema_message(schema_with(int_type(32, false))); }),
              HasSubstr("uint32"));
  EXPECT_THAT(user_error_of([&] { read_schema_message(schema_with(int_type(24, true))); }),
              HasSubstr("int24"));
  EXPECT_THAT(user_error_of([&] { read_schema_message(schema_with(int_type(32, true), true)); }),
              HasSubstr("dictionary"));
  EXPECT_THAT(user_error_of([&] {
                read_schema_message(schema_with(int_type(32, true), false, fbs::Endianness_Big));
              }),
              HasSubstr("big-endian"));
  auto decimal256 = [](flatbuffers::FlatBufferBuilder& b) {
    return std::pair{fbs::Type_Decimal, fbs::CreateDecimal(b, 40, 2, 256).Union()};
  };
  EXPECT_THAT(user_error_of([&] { read_schema_message(schema_with(decimal256)); }),
              HasSubstr("decimal256"));
  auto list_without_item = [](flatbuffers::FlatBufferBuilder& b) {
    return std::pair{fbs::Type_List, fbs::CreateList(b).Union()};
  };
  EXPECT_THAT(user_error_of([&] { read_schema_message(schema_with(list_without_item)); }),
              HasSubstr("0 children"));
  // The well-formed control case decodes.
  EXPECT_EQ(read_schema_message(schema_with(int_type(16, true))).fields[0].type->id,
            TypeId::kInt16);
}

TEST(IpcRobustnessTest, MalformedRecordBatchesAreNamed) {
  const std::string body(16, '\0');
  EXPECT_NO_THROW(
      read_record_batch_message(batch_with(2, {{2, 0}}, {{0, 0}, {0, 8}}, body), int32_schema()));
  EXPECT_THAT(user_error_of([&] {
                read_record_batch_message(batch_with(2, {{2, 0}}, {{0, 0}, {1000, 8}}, body),
                                          int32_schema());
              }),
              HasSubstr("outside the 16-byte body"));
  EXPECT_THAT(
      user_error_of([&] {
        read_record_batch_message(batch_with(2, {{2, 0}}, {{0, 0}, {8, -1}}, body), int32_schema());
      }),
      HasSubstr("outside"));
  EXPECT_THAT(
      user_error_of([&] {
        read_record_batch_message(batch_with(2, {{2, 0}}, {{0, 0}, {0, 4}}, body), int32_schema());
      }),
      HasSubstr("values buffer has 4 bytes, 8 needed"));
  EXPECT_THAT(
      user_error_of([&] {
        read_record_batch_message(batch_with(2, {}, {{0, 0}, {0, 8}}, body), int32_schema());
      }),
      HasSubstr("fewer field nodes"));
  EXPECT_THAT(user_error_of([&] {
                read_record_batch_message(batch_with(2, {{2, 0}, {2, 0}}, {{0, 0}, {0, 8}}, body),
                                          int32_schema());
              }),
              HasSubstr("2 field nodes"));
  EXPECT_THAT(
      user_error_of([&] {
        read_record_batch_message(batch_with(2, {{2, 3}}, {{0, 1}, {8, 8}}, body), int32_schema());
      }),
      HasSubstr("null count"));
  EXPECT_THAT(
      user_error_of([&] {
        read_record_batch_message(batch_with(3, {{2, 0}}, {{0, 0}, {0, 8}}, body), int32_schema());
      }),
      HasSubstr("has 2 rows, the record batch 3"));
  EXPECT_THAT(user_error_of([&] {
                read_record_batch_message(batch_with(2, {{2, 0}}, {{0, 0}, {0, 8}}, body, true),
                                          int32_schema());
              }),
              HasSubstr("compressed"));
  EXPECT_THAT(user_error_of([&] {
                read_record_batch_message(
                    batch_with(2, {{2, 0}}, {{0, 0}, {0, 8}}, body, false, fbs::MetadataVersion_V3),
                    int32_schema());
              }),
              HasSubstr("version V3"));
}

TEST(IpcRobustnessTest, CorruptStringOffsetsAreRejected) {
  auto schema = std::make_shared<Schema>(Schema{{{"s", utf8_type()}}, {}});
  // offsets [0, 5, 3]: decreasing; then [0, 2, 40]: beyond the 8-byte data buffer.
  std::string body(24, '\0');
  const int32_t decreasing[] = {0, 5, 3};
  std::memcpy(body.data(), decreasing, 12);
  EXPECT_THAT(user_error_of([&] {
                read_record_batch_message(batch_with(2, {{2, 0}}, {{0, 0}, {0, 12}, {16, 8}}, body),
                                          schema);
              }),
              HasSubstr("offsets decrease"));
  const int32_t beyond[] = {0, 2, 40};
  std::memcpy(body.data(), beyond, 12);
  EXPECT_THAT(user_error_of([&] {
                read_record_batch_message(batch_with(2, {{2, 0}}, {{0, 0}, {0, 12}, {16, 8}}, body),
                                          schema);
              }),
              HasSubstr("last offset 40"));
}

}  // namespace
}  // namespace larkbase::columnar
