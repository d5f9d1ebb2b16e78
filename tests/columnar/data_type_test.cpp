#include "columnar/data_type.hpp"

#include <gtest/gtest.h>

namespace larkbase::columnar {
namespace {

TEST(DataTypeTest, ParameterlessTypesAreSingletons) {
  EXPECT_EQ(int32_type().get(), int32_type().get());
  EXPECT_EQ(utf8_type().get(), utf8_type().get());
  EXPECT_NE(int32_type().get(), int64_type().get());
  EXPECT_EQ(int32_type()->id, TypeId::kInt32);
  EXPECT_EQ(date_day_type()->id, TypeId::kDateDay);
}

TEST(DataTypeTest, EqualityComparesParametersAndMembers) {
  EXPECT_TRUE(decimal128_type(10, 2)->equals(*decimal128_type(10, 2)));
  EXPECT_FALSE(decimal128_type(10, 2)->equals(*decimal128_type(10, 3)));
  EXPECT_FALSE(
      timestamp_type(TimeUnit::kMilli, "UTC")->equals(*timestamp_type(TimeUnit::kMilli, "")));
  EXPECT_FALSE(
      timestamp_type(TimeUnit::kMilli, "UTC")->equals(*timestamp_type(TimeUnit::kMicro, "UTC")));
  EXPECT_FALSE(int32_type()->equals(*int64_type()));

  auto a = struct_type({{"id", utf8_type()}, {"size", int64_type()}});
  EXPECT_TRUE(a->equals(*struct_type({{"id", utf8_type()}, {"size", int64_type()}})));
  EXPECT_FALSE(a->equals(*struct_type({{"id", utf8_type()}, {"bytes", int64_type()}})));
  EXPECT_FALSE(a->equals(*struct_type({{"id", utf8_type()}, {"size", int64_type(), false}})));
  EXPECT_FALSE(a->equals(*struct_type({{"id", utf8_type()}})));

  // The list item's name carries no meaning; its type does.
  EXPECT_TRUE(list_type(utf8_type())->equals(*list_type(utf8_type(), "")));
  EXPECT_FALSE(list_type(utf8_type())->equals(*list_type(int32_type())));
  EXPECT_FALSE(list_type(a)->equals(*a));
}

TEST(DataTypeTest, ToStringIsReadable) {
  auto user = struct_type({{"id", utf8_type()}, {"name", utf8_type()}});
  EXPECT_EQ(list_type(user)->to_string(), "list<struct<id: utf8, name: utf8>>");
  EXPECT_EQ(decimal128_type(38, 4)->to_string(), "decimal128(38, 4)");
  EXPECT_EQ(timestamp_type(TimeUnit::kMilli, "UTC")->to_string(), "timestamp[ms, tz=UTC]");
  EXPECT_EQ(timestamp_type(TimeUnit::kNano, "")->to_string(), "timestamp[ns]");
  EXPECT_EQ(struct_type({{"x", float64_type(), false}})->to_string(),
            "struct<x: float64 not null>");
  EXPECT_EQ(list_type(list_type(int32_type()))->to_string(), "list<list<int32>>");
}

TEST(DataTypeTest, FixedWidths) {
  EXPECT_EQ(fixed_width_bytes(TypeId::kInt8), 1);
  EXPECT_EQ(fixed_width_bytes(TypeId::kInt16), 2);
  EXPECT_EQ(fixed_width_bytes(TypeId::kInt32), 4);
  EXPECT_EQ(fixed_width_bytes(TypeId::kFloat32), 4);
  EXPECT_EQ(fixed_width_bytes(TypeId::kDateDay), 4);
  EXPECT_EQ(fixed_width_bytes(TypeId::kInt64), 8);
  EXPECT_EQ(fixed_width_bytes(TypeId::kTimestamp), 8);
  EXPECT_EQ(fixed_width_bytes(TypeId::kDateMilli), 8);
  EXPECT_EQ(fixed_width_bytes(TypeId::kDecimal128), 16);
  EXPECT_EQ(fixed_width_bytes(TypeId::kBool), 0);
  EXPECT_EQ(fixed_width_bytes(TypeId::kUtf8), 0);
  EXPECT_EQ(fixed_width_bytes(TypeId::kList), 0);
}

TEST(DataTypeTest, SchemaLookupAndEquality) {
  Schema schema{{{"a", int32_type()}, {"b", utf8_type(), false}}, {{"k", "v"}}};
  EXPECT_EQ(schema.field_index("a"), 0);
  EXPECT_EQ(schema.field_index("b"), 1);
  EXPECT_EQ(schema.field_index("c"), -1);
  Schema same = schema;
  EXPECT_TRUE(schema.equals(same));
  same.metadata[0].second = "w";
  EXPECT_FALSE(schema.equals(same));
  Schema nullable = schema;
  nullable.fields[1].nullable = true;
  EXPECT_FALSE(schema.equals(nullable));
}

}  // namespace
}  // namespace larkbase::columnar
