// The two row kernels: take (gather chosen rows) and concat (join batches).
#include <gtest/gtest.h>

#include "columnar/builder.hpp"
#include "columnar/cell_json.hpp"
#include "columnar/concat.hpp"
#include "columnar/take.hpp"

namespace larkbase::columnar {
namespace {

// Rows of the array as JSON text, sliced first so offsets are exercised.
std::vector<std::string> rows_of(const ArrayData& array) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < array.length; ++i) out.push_back(cell_to_json(array, i).dump());
  return out;
}

// Ten rows of each nested and scalar kind, every third row NULL.
std::vector<ArrayPtr> sample_arrays() {
  Int64Builder ints(int64_type());
  BoolBuilder bools;
  StringBuilder strings;
  ListBuilder lists(list_type(utf8_type()));
  StructBuilder structs(struct_type({{"a", utf8_type()}, {"b", float64_type()}}));
  for (int i = 0; i < 10; ++i) {
    if (i % 3 == 0) {
      ints.append_null();
      bools.append_null();
      strings.append_null();
      lists.append_null();
      structs.append_null();
      continue;
    }
    ints.append(i * 10);
    bools.append(i % 2 == 0);
    strings.append("s" + std::to_string(i));
    lists.begin_list();
    for (int k = 0; k < i % 4; ++k) lists.values<StringBuilder>().append(std::to_string(i * k));
    lists.end_list();
    structs.child<StringBuilder>(0).append("x" + std::to_string(i));
    structs.child<Float64Builder>(1).append(i / 2.0);
    structs.append_valid();
  }
  return {ints.finish(), bools.finish(), strings.finish(), lists.finish(), structs.finish()};
}

TEST(Take, ScalarsStringsListsAndStructsKeepValuesAndNulls) {
  std::vector<ArrayPtr> arrays = sample_arrays();
  const std::vector<uint32_t> rows = {0, 2, 3, 7};  // of the slice [1, 10)
  for (const auto& full : arrays) {
    ArrayPtr view = slice(full, 1, 9);
    ArrayPtr taken = take(*view, rows);
    EXPECT_EQ(check_array(*taken), "") << full->type->to_string();
    auto all = rows_of(*view);
    auto got = rows_of(*taken);
    ASSERT_EQ(got.size(), rows.size());
    int64_t nulls = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(got[i], all[rows[i]]) << full->type->to_string() << " row " << rows[i];
      nulls += view->is_null(rows[i]) ? 1 : 0;
    }
    EXPECT_EQ(taken->null_count, nulls) << full->type->to_string();
  }
}

TEST(Take, TakeRowsSharesColumnsWhenEveryRowIsKept) {
  Int64Builder ints(int64_type());
  for (int i = 0; i < 4; ++i) ints.append(i);
  StringBuilder strings;
  for (int i = 0; i < 4; ++i) strings.append("v");
  auto schema = std::make_shared<Schema>();
  schema->fields = {{"i", int64_type()}, {"s", utf8_type()}};
  RecordBatch batch{schema, 4, {ints.finish(), strings.finish()}};
  auto out_schema = std::make_shared<Schema>();
  out_schema->fields = {{"s", utf8_type()}};
  auto all = take_rows(batch, {0, 1, 2, 3}, {1}, out_schema);
  EXPECT_EQ(all.columns[0].get(), batch.columns[1].get());
  auto both_schema = std::make_shared<Schema>();
  both_schema->fields = {{"s", utf8_type()}, {"i", int64_type()}};
  auto some = take_rows(batch, {1, 3}, {1, 0}, both_schema);
  EXPECT_EQ(some.num_rows, 2);
  EXPECT_EQ(some.columns[1]->value<int64_t>(1), 3);
}

TEST(Concat, SlicedPartsJoinIntoOneOffsetZeroBatch) {
  std::vector<ArrayPtr> arrays = sample_arrays();
  auto schema = std::make_shared<Schema>();
  for (size_t i = 0; i < arrays.size(); ++i) {
    schema->fields.push_back({"c" + std::to_string(i), arrays[i]->type});
  }
  // Slices [1, 4), [4, 4) (empty) and [4, 10): offsets and an empty part exercised.
  std::vector<RecordBatch> parts;
  for (auto [begin, length] : {std::pair{1, 3}, std::pair{4, 0}, std::pair{4, 6}}) {
    RecordBatch part{schema, length, {}};
    for (const auto& array : arrays) part.columns.push_back(slice(array, begin, length));
    parts.push_back(std::move(part));
  }
  RecordBatch joined = concat_batches(schema, parts);
  ASSERT_EQ(joined.num_rows, 9);
  for (size_t c = 0; c < arrays.size(); ++c) {
    const ArrayData& column = *joined.columns[c];
    EXPECT_EQ(check_array(column), "") << column.type->to_string();
    EXPECT_EQ(column.offset, 0);
    EXPECT_EQ(rows_of(column), rows_of(*slice(arrays[c], 1, 9))) << column.type->to_string();
  }
  EXPECT_EQ(concat_batches(schema, {}).num_rows, 0);
}

}  // namespace
}  // namespace larkbase::columnar
