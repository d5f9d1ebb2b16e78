#include "columnar/builder.hpp"

#include <gtest/gtest.h>

#include "columnar/cell_json.hpp"
#include "columnar/record_batch.hpp"
#include "common/error.hpp"

namespace larkbase::columnar {
namespace {

std::string json(const ArrayData& array, int64_t row) { return cell_to_json_text(array, row); }

TEST(BuilderTest, NoNullsMeansNoValidityBuffer) {
  Int32Builder builder(int32_type());
  for (int i = 0; i < 20; ++i) builder.append(i * 3);
  ArrayPtr array = builder.finish();
  ASSERT_EQ(array->length, 20);
  EXPECT_EQ(array->null_count, 0);
  EXPECT_EQ(array->buffers[0], nullptr);
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(array->is_valid(i));
    EXPECT_EQ(array->value<int32_t>(i), i * 3);
  }
}

TEST(BuilderTest, FirstNullAfterManyValidRowsKeepsEarlierRowsValid) {
  for (int first_null : {0, 1, 7, 8, 9, 16, 17}) {
    Int64Builder builder(int64_type());
    for (int i = 0; i < first_null; ++i) builder.append(i);
    builder.append_null();
    builder.append(100);
    ArrayPtr array = builder.finish();
    ASSERT_EQ(array->length, first_null + 2);
    EXPECT_EQ(array->null_count, 1);
    ASSERT_NE(array->buffers[0], nullptr);
    EXPECT_EQ(array->buffers[0]->size(), size_t((first_null + 2 + 7) / 8));
    for (int i = 0; i < first_null; ++i) EXPECT_TRUE(array->is_valid(i)) << first_null << " " << i;
    EXPECT_TRUE(array->is_null(first_null));
    EXPECT_TRUE(array->is_valid(first_null + 1));
    EXPECT_EQ(array->value<int64_t>(first_null + 1), 100);
  }
}

TEST(BuilderTest, BoolValuesAndNulls) {
  BoolBuilder builder;
  for (int i = 0; i < 19; ++i) {
    if (i % 5 == 4) {
      builder.append_null();
    } else {
      builder.append(i % 2 == 0);
    }
  }
  ArrayPtr array = builder.finish();
  EXPECT_EQ(array->null_count, 3);
  for (int i = 0; i < 19; ++i) {
    if (i % 5 == 4) {
      EXPECT_TRUE(array->is_null(i));
    } else {
      EXPECT_EQ(array->bool_value(i), i % 2 == 0) << i;
    }
  }
}

TEST(BuilderTest, StringsWholeAndInPieces) {
  StringBuilder builder;
  builder.append("alpha");
  builder.append_null();
  builder.begin_value();
  builder.append_bytes("be");
  builder.append_bytes("");
  builder.append_bytes("ta");
  builder.end_value();
  builder.append("");
  ArrayPtr array = builder.finish();
  ASSERT_EQ(array->length, 4);
  EXPECT_EQ(array->null_count, 1);
  EXPECT_EQ(array->string_value(0), "alpha");
  EXPECT_TRUE(array->is_null(1));
  EXPECT_EQ(array->string_value(1), "");
  EXPECT_EQ(array->string_value(2), "beta");
  EXPECT_EQ(array->string_value(3), "");
  EXPECT_EQ(array->buffers[2]->size(), 9u);
}

TEST(BuilderTest, GrowthToManyRowsKeepsEveryValueAndMemoryIsMonotonic) {
  StringBuilder strings;
  Float64Builder doubles(float64_type());
  size_t last_memory = strings.memory_bytes() + doubles.memory_bytes();
  for (int i = 0; i < 100000; ++i) {
    if (i % 1000 == 999) {
      strings.append_null();
      doubles.append_null();
    } else {
      strings.append(std::to_string(i));
      doubles.append(i * 0.5);
    }
    size_t memory = strings.memory_bytes() + doubles.memory_bytes();
    ASSERT_GE(memory, last_memory) << "at row " << i;
    last_memory = memory;
  }
  EXPECT_GE(last_memory, size_t(100000 * 8 + 100000 * 4));
  ArrayPtr text = strings.finish();
  ArrayPtr numbers = doubles.finish();
  EXPECT_EQ(text->null_count, 100);
  EXPECT_EQ(numbers->null_count, 100);
  for (int i = 0; i < 100000; ++i) {
    if (i % 1000 == 999) {
      ASSERT_TRUE(text->is_null(i));
      ASSERT_TRUE(numbers->is_null(i));
    } else {
      ASSERT_EQ(text->string_value(i), std::to_string(i));
      ASSERT_EQ(numbers->value<double>(i), i * 0.5);
    }
  }
  EXPECT_GE(text->memory_bytes(), text->buffers[1]->size() + text->buffers[2]->size());
}

TEST(BuilderTest, FinishResetsAndEarlierArraysStayIntact) {
  auto builder = make_builder(list_type(utf8_type()));
  auto& list = static_cast<ListBuilder&>(*builder);
  list.begin_list();
  list.values<StringBuilder>().append("a");
  list.end_list();
  list.append_null();
  ArrayPtr first = builder->finish();
  EXPECT_EQ(builder->length(), 0);
  EXPECT_EQ(builder->null_count(), 0);
  EXPECT_EQ(list.values().length(), 0);

  list.begin_list();
  list.values<StringBuilder>().append("b");
  list.values<StringBuilder>().append("c");
  list.end_list();
  ArrayPtr second = builder->finish();
  ASSERT_EQ(second->length, 1);
  EXPECT_EQ(second->null_count, 0);
  EXPECT_EQ(second->buffers[0], nullptr);
  EXPECT_EQ(json(*second, 0), R"(["b","c"])");
  EXPECT_EQ(json(*first, 0), R"(["a"])");
  EXPECT_EQ(json(*first, 1), "null");
}

TEST(BuilderTest, ListOfStructWithNullsAtEveryLevel) {
  auto user = struct_type({{"id", utf8_type()}, {"size", int64_type()}});
  ListBuilder builder(list_type(user));
  auto& item = builder.values<StructBuilder>();
  builder.begin_list();
  item.child<StringBuilder>(0).append("f1");
  item.child<Int64Builder>(1).append(10);
  item.append_valid();
  item.append_null();                          // a null struct inside the list
  item.child<StringBuilder>(0).append_null();  // a struct with a null member
  item.child<Int64Builder>(1).append(30);
  item.append_valid();
  builder.end_list();
  builder.append_null();  // a null list
  builder.begin_list();   // an empty list
  builder.end_list();
  ArrayPtr array = builder.finish();
  ASSERT_EQ(array->length, 3);
  EXPECT_EQ(array->null_count, 1);
  EXPECT_EQ(json(*array, 0), R"([{"id":"f1","size":10},null,{"id":null,"size":30}])");
  EXPECT_EQ(json(*array, 1), "null");
  EXPECT_EQ(json(*array, 2), "[]");
  const ArrayData& items = *array->children[0];
  EXPECT_EQ(items.length, 3);
  EXPECT_EQ(items.null_count, 1);
  EXPECT_EQ(items.children[0]->null_count, 2);  // the null struct's member and the null id
  EXPECT_EQ(check_array(*array), "");
}

TEST(BuilderTest, StructWithListMemberAndListOfLists) {
  auto type = struct_type({{"name", utf8_type()}, {"grid", list_type(list_type(int32_type()))}});
  StructBuilder builder(type);
  auto& grid = builder.child<ListBuilder>(1);
  auto& row = grid.values<ListBuilder>();
  builder.child<StringBuilder>(0).append("g");
  grid.begin_list();
  row.begin_list();
  row.values<Int32Builder>().append(1);
  row.values<Int32Builder>().append_null();
  row.end_list();
  row.append_null();
  grid.end_list();
  builder.append_valid();
  builder.append_null();
  ArrayPtr array = builder.finish();
  EXPECT_EQ(json(*array, 0), R"({"name":"g","grid":[[1,null],null]})");
  EXPECT_EQ(json(*array, 1), "null");
  EXPECT_EQ(array->children[1]->length, 2);  // the null row reached the members too
  EXPECT_TRUE(array->children[1]->is_null(1));
}

TEST(BuilderTest, StructMembersOutOfStepIsAnInternalError) {
  StructBuilder builder(struct_type({{"a", int32_type()}, {"b", int32_type()}}));
  builder.child<Int32Builder>(0).append(1);
  builder.append_valid();
  EXPECT_THROW(builder.finish(), common::InternalError);
}

TEST(BuilderTest, MakeBuilderCoversTheTypeSet) {
  for (const DataTypePtr& type :
       {null_type(), bool_type(), int8_type(), int16_type(), int32_type(), int64_type(),
        float32_type(), float64_type(), utf8_type(), binary_type(), date_day_type(),
        date_milli_type(), timestamp_type(TimeUnit::kMilli, "UTC"), list_type(int32_type()),
        struct_type({{"x", utf8_type()}})}) {
    auto builder = make_builder(type);
    builder->append_null();
    ArrayPtr array = builder->finish();
    EXPECT_TRUE(array->type->equals(*type)) << type->to_string();
    EXPECT_EQ(array->length, 1);
    EXPECT_TRUE(array->is_null(0));
    EXPECT_EQ(check_array(*array), "") << type->to_string();
  }
  EXPECT_THROW(make_builder(decimal128_type(10, 2)), common::InternalError);
  EXPECT_THROW(PrimitiveBuilder<int32_t>{int64_type()}, common::InternalError);
}

TEST(SliceTest, SharesBuffersAndRecountsNulls) {
  Int32Builder builder(int32_type());
  for (int i = 0; i < 20; ++i) {
    if (i % 3 == 0) {
      builder.append_null();
    } else {
      builder.append(i);
    }
  }
  ArrayPtr array = builder.finish();
  ArrayPtr part = slice(array, 5, 10);  // rows 5..14: nulls at 6, 9, 12
  EXPECT_EQ(part->buffers[0], array->buffers[0]);
  EXPECT_EQ(part->buffers[1], array->buffers[1]);
  EXPECT_EQ(part->length, 10);
  EXPECT_EQ(part->null_count, 3);
  EXPECT_EQ(part->value<int32_t>(0), 5);
  EXPECT_TRUE(part->is_null(1));
  ArrayPtr inner = slice(part, 2, 3);  // rows 7..9
  EXPECT_EQ(inner->offset, 7);
  EXPECT_EQ(inner->null_count, 1);
  EXPECT_EQ(inner->value<int32_t>(0), 7);
  EXPECT_TRUE(inner->is_null(2));
}

TEST(SliceTest, SlicedStructAndListReadTheirOwnRows) {
  auto type = struct_type({{"name", utf8_type()}, {"tags", list_type(utf8_type())}});
  StructBuilder builder(type);
  auto& names = builder.child<StringBuilder>(0);
  auto& tags = builder.child<ListBuilder>(1);
  for (int i = 0; i < 6; ++i) {
    names.append("n" + std::to_string(i));
    tags.begin_list();
    for (int j = 0; j < i; ++j) tags.values<StringBuilder>().append(std::to_string(j));
    tags.end_list();
    builder.append_valid();
  }
  ArrayPtr array = builder.finish();
  ArrayPtr part = slice(array, 2, 3);
  EXPECT_EQ(json(*part, 0), R"({"name":"n2","tags":["0","1"]})");
  EXPECT_EQ(json(*part, 2), R"({"name":"n4","tags":["0","1","2","3"]})");
  ArrayPtr member = struct_field(*part, 0);
  EXPECT_EQ(member->length, 3);
  EXPECT_EQ(member->string_value(1), "n3");
  EXPECT_EQ(part->memory_bytes(), array->memory_bytes());  // a view, no copy
}

TEST(RecordBatchTest, ValidateCatchesMismatches) {
  auto schema =
      std::make_shared<Schema>(Schema{{{"a", int32_type()}, {"b", utf8_type(), false}}, {}});
  Int32Builder ints(int32_type());
  StringBuilder strings;
  ints.append(1);
  ints.append_null();
  strings.append("x");
  strings.append("y");
  RecordBatch batch{schema, 2, {ints.finish(), strings.finish()}};
  EXPECT_NO_THROW(batch.validate());
  EXPECT_GT(batch.memory_bytes(), 0u);

  RecordBatch short_batch = batch;
  short_batch.num_rows = 3;
  EXPECT_THROW(short_batch.validate(), common::InternalError);

  RecordBatch swapped{schema, 2, {batch.columns[1], batch.columns[0]}};
  EXPECT_THROW(swapped.validate(), common::InternalError);

  strings.append("x");
  strings.append_null();
  RecordBatch null_in_required{schema, 2, {batch.columns[0], strings.finish()}};
  EXPECT_THROW(null_in_required.validate(), common::InternalError);

  RecordBatch part = batch.slice(1, 1);
  EXPECT_EQ(part.num_rows, 1);
  EXPECT_NO_THROW(part.validate());
  EXPECT_EQ(part.columns[1]->string_value(0), "y");
  EXPECT_THROW(batch.slice(1, 5), common::InternalError);
}

TEST(RecordBatchTest, CheckArrayFindsCorruptOffsets) {
  StringBuilder builder;
  builder.append("abc");
  builder.append("de");
  ArrayPtr good = builder.finish();
  auto bad = std::make_shared<ArrayData>(*good);
  auto offsets = std::make_shared<Buffer>(*good->buffers[1]);
  const int32_t beyond = 99;
  std::memcpy(offsets->bytes.data() + 8, &beyond, 4);
  bad->buffers[1] = offsets;
  EXPECT_EQ(check_array(*good), "");
  EXPECT_NE(check_array(*bad).find("last offset 99"), std::string::npos) << check_array(*bad);
}

}  // namespace
}  // namespace larkbase::columnar
