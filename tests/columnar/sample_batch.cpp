#include "sample_batch.hpp"

#include <cstring>
#include <limits>
#include <optional>
#include <string>

#include "columnar/builder.hpp"

namespace larkbase::columnar::testing {
namespace {

template <typename T>
using Opt = std::optional<T>;
constexpr std::nullopt_t kNull = std::nullopt;

template <typename B, typename T>
ArrayPtr build(DataTypePtr type, const std::vector<Opt<T>>& values) {
  auto builder = make_builder(type);
  auto& typed = static_cast<B&>(*builder);
  for (const auto& value : values) {
    if (value) {
      typed.append(*value);
    } else {
      typed.append_null();
    }
  }
  return builder->finish();
}

ArrayPtr null_column(int rows) {
  NullBuilder builder;
  for (int i = 0; i < rows; ++i) builder.append_null();
  return builder.finish();
}

DataTypePtr user_type() {
  return struct_type({{"id", utf8_type()}, {"name", utf8_type()}, {"email", utf8_type()}});
}
DataTypePtr location_type() {
  return struct_type({{"location", utf8_type()},
                      {"latitude", float64_type()},
                      {"scores", list_type(int64_type())}});
}

// tags: ["a","b"], null, [], ["c", null]
ArrayPtr tags_column() {
  ListBuilder builder(list_type(utf8_type()));
  auto& items = builder.values<StringBuilder>();
  builder.begin_list();
  items.append("a");
  items.append("b");
  builder.end_list();
  builder.append_null();
  builder.begin_list();
  builder.end_list();
  builder.begin_list();
  items.append("c");
  items.append_null();
  builder.end_list();
  return builder.finish();
}

void append_user(StructBuilder& user, Opt<std::string> id, Opt<std::string> name,
                 Opt<std::string> email) {
  const Opt<std::string>* members[] = {&id, &name, &email};
  for (size_t i = 0; i < 3; ++i) {
    auto& child = user.child<StringBuilder>(i);
    if (*members[i]) {
      child.append(**members[i]);
    } else {
      child.append_null();
    }
  }
  user.append_valid();
}

// users: [{ou_1, Ann, ann@example.com}], null, [null, {ou_2, null, b@example.com}], []
ArrayPtr users_column() {
  ListBuilder builder(list_type(user_type()));
  auto& user = builder.values<StructBuilder>();
  builder.begin_list();
  append_user(user, "ou_1", "Ann", "ann@example.com");
  builder.end_list();
  builder.append_null();
  builder.begin_list();
  user.append_null();
  append_user(user, "ou_2", kNull, "b@example.com");
  builder.end_list();
  builder.begin_list();
  builder.end_list();
  return builder.finish();
}

// loc: {"116.3,39.9", 39.9, [1, 2]}, null, {null, null, null}, {"", 0, []}
ArrayPtr location_column() {
  StructBuilder builder(location_type());
  auto& text = builder.child<StringBuilder>(0);
  auto& latitude = builder.child<Float64Builder>(1);
  auto& scores = builder.child<ListBuilder>(2);
  auto& score = scores.values<Int64Builder>();
  text.append("116.3,39.9");
  latitude.append(39.9);
  scores.begin_list();
  score.append(1);
  score.append(2);
  scores.end_list();
  builder.append_valid();
  builder.append_null();
  text.append_null();
  latitude.append_null();
  scores.append_null();
  builder.append_valid();
  text.append("");
  latitude.append(0.0);
  scores.begin_list();
  scores.end_list();
  builder.append_valid();
  return builder.finish();
}

// matrix: [[1, 2], [3]], null, [null, [], [null, 4]], []
ArrayPtr matrix_column() {
  ListBuilder builder(list_type(list_type(int32_type())));
  auto& rows = builder.values<ListBuilder>();
  auto& cells = rows.values<Int32Builder>();
  builder.begin_list();
  rows.begin_list();
  cells.append(1);
  cells.append(2);
  rows.end_list();
  rows.begin_list();
  cells.append(3);
  rows.end_list();
  builder.end_list();
  builder.append_null();
  builder.begin_list();
  rows.append_null();
  rows.begin_list();
  rows.end_list();
  rows.begin_list();
  cells.append_null();
  cells.append(4);
  rows.end_list();
  builder.end_list();
  builder.begin_list();
  builder.end_list();
  return builder.finish();
}

}  // namespace

ArrayPtr make_decimal_array(int32_t precision, int32_t scale,
                            const std::vector<std::optional<int64_t>>& unscaled) {
  auto validity = std::make_shared<Buffer>();
  auto values = std::make_shared<Buffer>();
  validity->bytes.assign((unscaled.size() + 7) / 8, 0);
  values->bytes.assign(unscaled.size() * 16, 0);
  int64_t nulls = 0;
  for (size_t i = 0; i < unscaled.size(); ++i) {
    if (!unscaled[i]) {
      ++nulls;
      continue;
    }
    validity->bytes[i / 8] |= uint8_t(1u << (i % 8));
    const int64_t low = *unscaled[i];
    const int64_t high = low < 0 ? -1 : 0;  // sign extension to 128 bits
    std::memcpy(values->bytes.data() + i * 16, &low, 8);
    std::memcpy(values->bytes.data() + i * 16 + 8, &high, 8);
  }
  auto array = std::make_shared<ArrayData>();
  array->type = decimal128_type(precision, scale);
  array->length = int64_t(unscaled.size());
  array->null_count = nulls;
  array->buffers = {nulls > 0 ? validity : nullptr, values};
  return array;
}

SchemaPtr sample_schema() {
  auto schema = std::make_shared<Schema>();
  schema->fields = {
      {"flag", bool_type()},
      {"i8", int8_type()},
      {"i16", int16_type()},
      {"i32", int32_type()},
      {"i64", int64_type()},
      {"f32", float32_type()},
      {"f64", float64_type()},
      {"text", utf8_type()},
      {"bytes", binary_type()},
      {"amount", decimal128_type(10, 2)},
      {"day", date_day_type()},
      {"day_ms", date_milli_type()},
      {"ts", timestamp_type(TimeUnit::kMilli, "UTC")},
      {"ts_us", timestamp_type(TimeUnit::kMicro, "Asia/Shanghai")},
      {"nothing", null_type()},
      {"tags", list_type(utf8_type())},
      {"users", list_type(user_type())},
      {"loc", location_type()},
      {"matrix", list_type(list_type(int32_type()))},
      {"id", int64_type(), false},
  };
  schema->metadata = {{"source", "larkbase sample"}, {"table", "tbl_sample"}};
  return schema;
}

RecordBatch sample_batch() {
  using I64 = std::numeric_limits<int64_t>;
  using I32 = std::numeric_limits<int32_t>;
  RecordBatch batch{sample_schema(), 4, {}};
  batch.columns = {
      build<BoolBuilder, bool>(bool_type(), {true, kNull, false, true}),
      build<Int8Builder, int8_t>(int8_type(), {-128, kNull, 127, 0}),
      build<Int16Builder, int16_t>(int16_type(), {-32768, kNull, 32767, 0}),
      build<Int32Builder, int32_t>(int32_type(), {I32::min(), kNull, I32::max(), 0}),
      build<Int64Builder, int64_t>(int64_type(), {I64::min(), kNull, I64::max(), 0}),
      build<Float32Builder, float>(float32_type(), {1.5f, kNull, -0.25f, 0.0f}),
      build<Float64Builder, double>(float64_type(), {1.1, kNull, -2.5e300, 0.0}),
      build<StringBuilder, std::string_view>(utf8_type(), {"héllo, 世界", kNull, "", "x"}),
      build<StringBuilder, std::string_view>(binary_type(),
                                             {std::string_view("\x00\x01\xff", 3), kNull, "", "z"}),
      make_decimal_array(10, 2, {12345, kNull, -1, 0}),
      build<Int32Builder, int32_t>(date_day_type(), {19723, kNull, -1, 0}),
      build<Int64Builder, int64_t>(date_milli_type(), {1704067200000, kNull, -86400000, 0}),
      build<Int64Builder, int64_t>(timestamp_type(TimeUnit::kMilli, "UTC"),
                                   {1704067200123, kNull, -1, 0}),
      build<Int64Builder, int64_t>(timestamp_type(TimeUnit::kMicro, "Asia/Shanghai"),
                                   {1704067200123456, kNull, 1, 0}),
      null_column(4),
      tags_column(),
      users_column(),
      location_column(),
      matrix_column(),
      build<Int64Builder, int64_t>(int64_type(), {1, 2, 3, 4}),
  };
  batch.validate();
  return batch;
}

}  // namespace larkbase::columnar::testing
