#include <gtest/gtest.h>

#include "columnar/builder.hpp"
#include "columnar/cell_json.hpp"
#include "columnar/concat.hpp"
#include "columnar/ipc.hpp"
#include "common/error.hpp"
#include "sample_batch.hpp"

namespace larkbase::columnar {
namespace {

constexpr IpcFraming kFramings[] = {IpcFraming::kLegacy, IpcFraming::kContinuation};

void expect_same_rows(const RecordBatch& expected, const RecordBatch& actual) {
  ASSERT_EQ(actual.num_rows, expected.num_rows);
  ASSERT_EQ(actual.columns.size(), expected.columns.size());
  for (size_t c = 0; c < expected.columns.size(); ++c) {
    const ArrayData& want = *expected.columns[c];
    const ArrayData& got = *actual.columns[c];
    const std::string& name = expected.schema->fields[c].name;
    ASSERT_TRUE(got.type->equals(*want.type)) << name << ": " << got.type->to_string();
    EXPECT_EQ(got.null_count, want.null_count) << name;
    for (int64_t row = 0; row < expected.num_rows; ++row) {
      ASSERT_EQ(cell_to_json_text(got, row), cell_to_json_text(want, row))
          << "column " << name << " row " << row;
    }
  }
  EXPECT_NO_THROW(actual.validate());
}

RecordBatch round_trip(const RecordBatch& batch, IpcFraming framing) {
  std::string schema_bytes = write_schema_message(*batch.schema, framing);
  auto schema = std::make_shared<const Schema>(read_schema_message(schema_bytes));
  return read_record_batch_message(write_record_batch_message(batch, framing), schema);
}

TEST(IpcRoundTripTest, SampleBatchWithEveryTypeInBothFramings) {
  RecordBatch batch = testing::sample_batch();
  for (IpcFraming framing : kFramings) {
    Schema schema = read_schema_message(write_schema_message(*batch.schema, framing));
    EXPECT_TRUE(schema.equals(*batch.schema));
    EXPECT_EQ(schema.metadata, batch.schema->metadata);
    RecordBatch back = round_trip(batch, framing);
    expect_same_rows(batch, back);
  }
}

TEST(IpcRoundTripTest, SchemaKeepsNamesNullabilityAndItemNames) {
  Schema schema;
  schema.fields = {
      {"attachments",
       list_type(struct_type({{"name", utf8_type(), false}, {"size", int64_type()}}), "")},
      {"code", utf8_type(), false},
      {"when", timestamp_type(TimeUnit::kMicro, "Asia/Shanghai")},
      {"price", decimal128_type(38, 9)},
      {"day", date_day_type()},
      {"small", int16_type()},
  };
  schema.metadata = {{"sourceTable", "tbl_1"}, {"", "empty key"}, {"code", "a column comment"}};
  for (IpcFraming framing : kFramings) {
    Schema back = read_schema_message(write_schema_message(schema, framing));
    ASSERT_EQ(back.fields.size(), schema.fields.size());
    EXPECT_TRUE(back.equals(schema));
    EXPECT_EQ(back.fields[0].type->children[0].name, "");
    EXPECT_FALSE(back.fields[0].type->children[0].type->children[0].nullable);
    EXPECT_TRUE(back.fields[0].type->children[0].type->children[1].nullable);
    EXPECT_FALSE(back.fields[1].nullable);
    EXPECT_EQ(back.fields[2].type->timezone, "Asia/Shanghai");
    EXPECT_EQ(back.fields[3].type->precision, 38);
    EXPECT_EQ(back.fields[3].type->scale, 9);
    EXPECT_EQ(back.metadata, schema.metadata);
  }
}

TEST(IpcRoundTripTest, EmptyBatchOfEveryType) {
  SchemaPtr schema = testing::sample_schema();
  RecordBatch empty{schema, 0, {}};
  for (const Field& field : schema->fields) {
    if (field.type->id == TypeId::kDecimal128) {
      empty.columns.push_back(testing::make_decimal_array(10, 2, {}));
    } else {
      empty.columns.push_back(make_builder(field.type)->finish());
    }
  }
  for (IpcFraming framing : kFramings) {
    RecordBatch back = round_trip(empty, framing);
    EXPECT_EQ(back.num_rows, 0);
    EXPECT_EQ(back.columns.size(), schema->fields.size());
    EXPECT_NO_THROW(back.validate());
  }
}

RecordBatch large_batch(int rows) {
  auto schema = std::make_shared<Schema>();
  schema->fields = {{"n", int64_type()},
                    {"s", utf8_type()},
                    {"b", bool_type()},
                    {"tags", list_type(utf8_type())}};
  Int64Builder numbers(int64_type());
  StringBuilder strings;
  BoolBuilder bools;
  ListBuilder tags(list_type(utf8_type()));
  for (int i = 0; i < rows; ++i) {
    numbers.append(int64_t(i) * 7919);
    if (i % 10 == 3) {
      strings.append_null();
    } else {
      strings.append("row-" + std::to_string(i));
    }
    if (i % 7 == 0) {
      bools.append_null();
    } else {
      bools.append(i % 2 == 1);
    }
    if (i % 5 == 0) {
      tags.append_null();
    } else {
      tags.begin_list();
      for (int j = 0; j < i % 4; ++j) tags.values<StringBuilder>().append(std::to_string(i + j));
      tags.end_list();
    }
  }
  return RecordBatch{
      schema, rows, {numbers.finish(), strings.finish(), bools.finish(), tags.finish()}};
}

TEST(IpcRoundTripTest, HundredThousandRows) {
  RecordBatch batch = large_batch(100000);
  RecordBatch back = round_trip(batch, IpcFraming::kContinuation);
  ASSERT_EQ(back.num_rows, 100000);
  EXPECT_EQ(back.columns[1]->null_count, 10000);
  for (int64_t i = 0; i < back.num_rows; ++i) {
    ASSERT_EQ(back.columns[0]->value<int64_t>(i), i * 7919);
    if (i % 10 == 3) {
      ASSERT_TRUE(back.columns[1]->is_null(i));
    } else {
      ASSERT_EQ(back.columns[1]->string_value(i), "row-" + std::to_string(i));
    }
    ASSERT_EQ(back.columns[2]->is_null(i), i % 7 == 0);
    if (i % 7 != 0) {
      ASSERT_EQ(back.columns[2]->bool_value(i), i % 2 == 1);
    }
    ASSERT_EQ(back.columns[3]->is_null(i), i % 5 == 0);
    if (i % 5 != 0) {
      auto [begin, end] = back.columns[3]->list_range(i);
      ASSERT_EQ(end - begin, i % 4);
    }
  }
}

TEST(IpcRoundTripTest, SlicesAreWrittenWithOnlyTheirOwnRows) {
  RecordBatch batch = testing::sample_batch();
  const std::pair<int64_t, int64_t> windows[] = {{0, 4}, {1, 3}, {3, 1}, {2, 2}, {1, 2}, {2, 0}};
  for (auto [offset, length] : windows) {
    for (IpcFraming framing : kFramings) {
      SCOPED_TRACE(::testing::Message() << "slice " << offset << "+" << length);
      RecordBatch part = batch.slice(offset, length);
      expect_same_rows(part, round_trip(part, framing));
    }
  }
}

TEST(IpcRoundTripTest, UnalignedSliceRebasesOffsetsAndValidity) {
  RecordBatch batch = large_batch(5000);
  RecordBatch part = batch.slice(1237, 333);  // not a multiple of 8
  const std::string whole = write_record_batch_message(batch, IpcFraming::kContinuation);
  const std::string sliced = write_record_batch_message(part, IpcFraming::kContinuation);
  EXPECT_LT(sliced.size() * 5, whole.size());

  RecordBatch back = round_trip(part, IpcFraming::kContinuation);
  expect_same_rows(part, back);
  const ArrayData& strings = *back.columns[1];
  size_t expected_bytes = 0;
  for (int64_t i = 0; i < part.num_rows; ++i) {
    if (part.columns[1]->is_valid(i)) expected_bytes += part.columns[1]->string_value(i).size();
  }
  EXPECT_EQ(strings.buffers[2]->size(), expected_bytes);
  EXPECT_EQ(reinterpret_cast<const int32_t*>(strings.buffers[1]->data())[0], 0);
  EXPECT_EQ(strings.offset, 0);
}

// Several batches written as one message: the rows of their concatenation, and
// the very bytes of its message (the null-bitmap padding bits included).
void expect_parts_are_their_concatenation(const std::vector<RecordBatch>& parts) {
  const RecordBatch joined = concat_batches(parts[0].schema, parts);
  for (IpcFraming framing : kFramings) {
    const std::string message = write_record_batch_message(parts, framing);
    EXPECT_EQ(message, write_record_batch_message(joined, framing));
    auto schema = std::make_shared<const Schema>(
        read_schema_message(write_schema_message(*joined.schema, framing)));
    expect_same_rows(joined, read_record_batch_message(message, schema));
  }
}

TEST(IpcRoundTripTest, PartsAreWrittenAsOneMessageOfTheirRows) {
  const RecordBatch sample = testing::sample_batch();
  // Every type, nulls at every level, parts at unaligned offsets and an empty one.
  expect_parts_are_their_concatenation(
      {sample.slice(1, 2), sample, sample.slice(3, 1), sample.slice(2, 0), sample.slice(0, 3)});
  expect_parts_are_their_concatenation({sample});
  const RecordBatch large = large_batch(5000);
  expect_parts_are_their_concatenation({large.slice(0, 1237), large.slice(1237, 333),
                                        large.slice(1570, 3000), large.slice(4570, 430)});
}

TEST(IpcRoundTripTest, StreamRoundTripAndLegacyMessagesAsAStream) {
  RecordBatch batch = testing::sample_batch();
  std::string stream = write_stream(*batch.schema, {batch, batch.slice(1, 2), batch.slice(0, 0)});
  ASSERT_GE(stream.size(), 8u);
  EXPECT_EQ(stream.substr(stream.size() - 8), std::string("\xFF\xFF\xFF\xFF\0\0\0\0", 8));
  IpcStream back = read_stream(stream);
  EXPECT_TRUE(back.schema->equals(*batch.schema));
  ASSERT_EQ(back.batches.size(), 3u);
  expect_same_rows(batch, back.batches[0]);
  expect_same_rows(batch.slice(1, 2), back.batches[1]);
  EXPECT_EQ(back.batches[2].num_rows, 0);

  std::string legacy = write_schema_message(*batch.schema, IpcFraming::kLegacy) +
                       write_record_batch_message(batch, IpcFraming::kLegacy);
  IpcStream legacy_back = read_stream(legacy);
  ASSERT_EQ(legacy_back.batches.size(), 1u);
  expect_same_rows(batch, legacy_back.batches[0]);
}

TEST(IpcRoundTripTest, BatchAgainstTheWrongSchemaIsAUserError) {
  RecordBatch batch = testing::sample_batch();
  const std::string bytes = write_record_batch_message(batch, IpcFraming::kContinuation);
  auto fewer = std::make_shared<Schema>(Schema{{{"flag", bool_type()}}, {}});
  EXPECT_THROW(read_record_batch_message(bytes, fewer), common::UserError);
  auto other = std::make_shared<Schema>(*batch.schema);
  other->fields[7].type = list_type(utf8_type());  // text read as a list: buffer count differs
  EXPECT_THROW(read_record_batch_message(bytes, other), common::UserError);
  EXPECT_THROW(read_schema_message(bytes), common::UserError);
  const std::string schema_bytes = write_schema_message(*batch.schema, IpcFraming::kLegacy);
  EXPECT_THROW(read_record_batch_message(schema_bytes, batch.schema), common::UserError);
}

}  // namespace
}  // namespace larkbase::columnar
