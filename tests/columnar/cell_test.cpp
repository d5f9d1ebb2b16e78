#include <gtest/gtest.h>

#include <cstring>

#include "columnar/builder.hpp"
#include "columnar/cell_json.hpp"
#include "columnar/cell_value.hpp"
#include "common/error.hpp"
#include "sample_batch.hpp"

namespace larkbase::columnar {
namespace {

const ArrayData& column(const RecordBatch& batch, const std::string& name) {
  return *batch.columns.at(size_t(batch.schema->field_index(name)));
}

TEST(CellValueTest, TypedAccessorsReadEveryReaderType) {
  RecordBatch batch = testing::sample_batch();
  EXPECT_EQ(get_int(column(batch, "i8"), 0), -128);
  EXPECT_EQ(get_int(column(batch, "i16"), 2), 32767);
  EXPECT_EQ(get_int(column(batch, "i32"), 0), INT32_MIN);
  EXPECT_EQ(get_int(column(batch, "i64"), 2), INT64_MAX);
  EXPECT_EQ(get_double(column(batch, "f32"), 0), 1.5);
  EXPECT_EQ(get_double(column(batch, "f64"), 0), 1.1);
  EXPECT_EQ(get_double(column(batch, "i32"), 2), 2147483647.0);
  EXPECT_TRUE(get_bool(column(batch, "flag"), 0));
  EXPECT_FALSE(get_bool(column(batch, "flag"), 2));
  EXPECT_EQ(get_string(column(batch, "text"), 0), "héllo, 世界");
  EXPECT_EQ(get_string(column(batch, "bytes"), 0), std::string_view("\x00\x01\xff", 3));
  EXPECT_EQ(get_decimal_string(column(batch, "amount"), 0), "123.45");
  EXPECT_EQ(get_decimal_string(column(batch, "amount"), 2), "-0.01");
  EXPECT_EQ(get_decimal_string(column(batch, "amount"), 3), "0.00");
  EXPECT_DOUBLE_EQ(get_decimal_double(column(batch, "amount"), 0), 123.45);
  EXPECT_DOUBLE_EQ(get_double(column(batch, "amount"), 2), -0.01);
  EXPECT_EQ(get_date_days(column(batch, "day"), 0), 19723);
  EXPECT_EQ(get_date_millis(column(batch, "day"), 2), -86400000);
  EXPECT_EQ(get_date_millis(column(batch, "day_ms"), 0), 1704067200000);
  EXPECT_EQ(get_timestamp(column(batch, "ts_us"), 0), 1704067200123456);
  EXPECT_EQ(get_timestamp_millis(column(batch, "ts_us"), 0), 1704067200123);
  EXPECT_EQ(get_timestamp_millis(column(batch, "ts"), 2), -1);
}

TEST(CellValueTest, WrongTypeIsAnInternalError) {
  RecordBatch batch = testing::sample_batch();
  EXPECT_THROW(get_int(column(batch, "text"), 0), common::InternalError);
  EXPECT_THROW(get_string(column(batch, "i32"), 0), common::InternalError);
  EXPECT_THROW(get_bool(column(batch, "i8"), 0), common::InternalError);
  EXPECT_THROW(get_decimal_string(column(batch, "f64"), 0), common::InternalError);
  EXPECT_THROW(get_timestamp(column(batch, "day_ms"), 0), common::InternalError);
  EXPECT_THROW(get_double(column(batch, "tags"), 0), common::InternalError);
}

TEST(CellValueTest, DecimalTextIsExactFor128Bits) {
  uint8_t bytes[16];
  // 2^64 + 5 = 18446744073709551621
  const uint64_t low = 5;
  const uint64_t high = 1;
  std::memcpy(bytes, &low, 8);
  std::memcpy(bytes + 8, &high, 8);
  EXPECT_EQ(format_decimal128(bytes, 0), "18446744073709551621");
  EXPECT_EQ(format_decimal128(bytes, 4), "1844674407370955.1621");
  EXPECT_EQ(format_decimal128(bytes, 25), "0.0000018446744073709551621");
  EXPECT_EQ(format_decimal128(bytes, -2), "1844674407370955162100");
  // The most negative 128-bit value.
  const uint64_t min_high = 0x8000000000000000ull;
  const uint64_t zero = 0;
  std::memcpy(bytes, &zero, 8);
  std::memcpy(bytes + 8, &min_high, 8);
  EXPECT_EQ(format_decimal128(bytes, 0), "-170141183460469231731687303715884105728");
  // -1 with scale 3.
  std::memset(bytes, 0xFF, 16);
  EXPECT_EQ(format_decimal128(bytes, 3), "-0.001");
}

TEST(CellValueTest, DatesAndTimestampsAsIsoText) {
  EXPECT_EQ(format_date(0), "1970-01-01");
  EXPECT_EQ(format_date(19723), "2024-01-01");
  EXPECT_EQ(format_date(-1), "1969-12-31");
  EXPECT_EQ(format_date(11016), "2000-02-29");
  EXPECT_EQ(format_timestamp(1704067200123, TimeUnit::kMilli), "2024-01-01T00:00:00.123Z");
  EXPECT_EQ(format_timestamp(-1, TimeUnit::kMilli), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_timestamp(3661, TimeUnit::kSecond), "1970-01-01T01:01:01Z");
  EXPECT_EQ(format_timestamp(1, TimeUnit::kMicro), "1970-01-01T00:00:00.000001Z");
  EXPECT_EQ(format_timestamp(-1, TimeUnit::kNano), "1969-12-31T23:59:59.999999999Z");
}

TEST(CellJsonTest, RendersNestedValuesAsJson) {
  RecordBatch batch = testing::sample_batch();
  EXPECT_EQ(cell_to_json_text(column(batch, "users"), 0),
            R"([{"id":"ou_1","name":"Ann","email":"ann@example.com"}])");
  EXPECT_EQ(cell_to_json_text(column(batch, "users"), 1), "null");
  EXPECT_EQ(cell_to_json_text(column(batch, "users"), 2),
            R"([null,{"id":"ou_2","name":null,"email":"b@example.com"}])");
  EXPECT_EQ(cell_to_json_text(column(batch, "users"), 3), "[]");
  EXPECT_EQ(cell_to_json_text(column(batch, "loc"), 0),
            R"({"location":"116.3,39.9","latitude":39.9,"scores":[1,2]})");
  EXPECT_EQ(cell_to_json_text(column(batch, "loc"), 2),
            R"({"location":null,"latitude":null,"scores":null})");
  EXPECT_EQ(cell_to_json_text(column(batch, "matrix"), 2), "[null,[],[null,4]]");
  EXPECT_EQ(cell_to_json_text(column(batch, "tags"), 3), R"(["c",null])");
  EXPECT_EQ(cell_to_json_text(column(batch, "bytes"), 0), R"("AAH/")");
  EXPECT_EQ(cell_to_json_text(column(batch, "amount"), 0), R"("123.45")");
  EXPECT_EQ(cell_to_json_text(column(batch, "day"), 0), R"("2024-01-01")");
  EXPECT_EQ(cell_to_json_text(column(batch, "ts"), 0), R"("2024-01-01T00:00:00.123Z")");
  EXPECT_EQ(cell_to_json_text(column(batch, "nothing"), 0), "null");
  EXPECT_EQ(cell_to_json_text(column(batch, "i64"), 0), "-9223372036854775808");

  common::Json user = cell_to_json(column(batch, "users"), 0)[0];
  EXPECT_EQ(user["name"], "Ann");
  EXPECT_TRUE(cell_to_json(column(batch, "text"), 1).is_null());
}

TEST(CellJsonTest, SlicedNestedColumnsRenderTheirOwnRows) {
  RecordBatch part = testing::sample_batch().slice(2, 2);
  EXPECT_EQ(cell_to_json_text(column(part, "users"), 0),
            R"([null,{"id":"ou_2","name":null,"email":"b@example.com"}])");
  EXPECT_EQ(cell_to_json_text(column(part, "loc"), 1),
            R"({"location":"","latitude":0.0,"scores":[]})");
  EXPECT_EQ(cell_to_json_text(column(part, "matrix"), 1), "[]");
}

}  // namespace
}  // namespace larkbase::columnar
