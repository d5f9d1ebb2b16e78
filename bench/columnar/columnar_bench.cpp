// Arrow IPC write and read throughput for a realistic batch: 500 rows of a Lark
// table with ~25 mixed columns (text, numbers, checkbox, dates as Int64, select and
// multi-select, people, links, attachments, location), built with the builders.
#include <benchmark/benchmark.h>

#include <string>

#include "columnar/builder.hpp"
#include "columnar/ipc.hpp"

namespace larkbase::columnar {
namespace {

constexpr int kRows = 500;

DataTypePtr person_type() {
  return struct_type({{"id", utf8_type()}, {"name", utf8_type()}, {"email", utf8_type()}});
}
DataTypePtr link_type() { return struct_type({{"record_id", utf8_type()}, {"text", utf8_type()}}); }
DataTypePtr attachment_type() {
  return struct_type({{"name", utf8_type()},
                      {"url", utf8_type()},
                      {"size", int64_type()},
                      {"type", utf8_type()},
                      {"token", utf8_type()}});
}
DataTypePtr location_type() {
  return struct_type({{"location", utf8_type()},
                      {"latitude", float64_type()},
                      {"longitude", float64_type()},
                      {"address", utf8_type()},
                      {"full_address", utf8_type()},
                      {"name", utf8_type()}});
}

SchemaPtr lark_schema() {
  auto schema = std::make_shared<Schema>();
  schema->fields = {{"record_id", utf8_type(), false},
                    {"title", utf8_type()},
                    {"description", utf8_type()},
                    {"amount", float64_type()},
                    {"quantity", float64_type()},
                    {"rating", float64_type()},
                    {"done", bool_type()},
                    {"due", int64_type()},
                    {"created_time", int64_type()},
                    {"modified_time", int64_type()},
                    {"auto_number", utf8_type()},
                    {"phone", utf8_type()},
                    {"status", utf8_type()},
                    {"tags", list_type(utf8_type())},
                    {"owner", list_type(person_type())},
                    {"created_by", person_type()},
                    {"modified_by", person_type()},
                    {"url", struct_type({{"text", utf8_type()}, {"link", utf8_type()}})},
                    {"files", list_type(attachment_type())},
                    {"related", list_type(link_type())},
                    {"place", location_type()},
                    {"formula", utf8_type()},
                    {"lookup", list_type(float64_type())},
                    {"progress", float64_type()},
                    {"priority", int64_type()}};
  return schema;
}

std::string text(const char* prefix, int i) { return std::string(prefix) + std::to_string(i); }

void fill_person(StructBuilder& person, int i) {
  person.child<StringBuilder>(0).append(text("ou_7d8a6e6df7621556ce0d21922b6", i % 40));
  person.child<StringBuilder>(1).append(text("Person ", i % 40));
  person.child<StringBuilder>(2).append(text("person", i % 40) + "@example.com");
  person.append_valid();
}

// Appends row `i` to the column builders (same order as lark_schema()).
void append_row(std::vector<std::unique_ptr<ArrayBuilder>>& b, int i) {
  auto s = [&](size_t c) -> StringBuilder& { return static_cast<StringBuilder&>(*b[c]); };
  auto d = [&](size_t c) -> Float64Builder& { return static_cast<Float64Builder&>(*b[c]); };
  auto l = [&](size_t c) -> Int64Builder& { return static_cast<Int64Builder&>(*b[c]); };
  s(0).append(text("recuK3g9xA", i));
  s(1).append(text("Quarterly planning item ", i));
  if (i % 4 == 0) {
    s(2).append_null();
  } else {
    s(2).append(std::string(60 + i % 80, 'd'));
  }
  d(3).append(i * 12.5);
  d(4).append(i % 17);
  i % 9 == 0 ? d(5).append_null() : d(5).append(i % 5);
  static_cast<BoolBuilder&>(*b[6]).append(i % 3 == 0);
  l(7).append(1704067200000 + i * 86400000LL);
  l(8).append(1700000000000 + i * 1000LL);
  l(9).append(1700000500000 + i * 1000LL);
  s(10).append(text("NO-", 1000 + i));
  i % 5 == 0 ? s(11).append_null() : s(11).append("+86 138 0000 0000");
  s(12).append(i % 3 == 0 ? "Done" : i % 3 == 1 ? "In progress" : "Todo");

  auto& tags = static_cast<ListBuilder&>(*b[13]);
  tags.begin_list();
  for (int t = 0; t < i % 4; ++t) tags.values<StringBuilder>().append(text("tag-", t));
  tags.end_list();

  auto& owners = static_cast<ListBuilder&>(*b[14]);
  if (i % 6 == 0) {
    owners.append_null();
  } else {
    owners.begin_list();
    for (int p = 0; p < 1 + i % 2; ++p) fill_person(owners.values<StructBuilder>(), i + p);
    owners.end_list();
  }
  fill_person(static_cast<StructBuilder&>(*b[15]), i);
  fill_person(static_cast<StructBuilder&>(*b[16]), i + 1);

  auto& url = static_cast<StructBuilder&>(*b[17]);
  url.child<StringBuilder>(0).append("Design doc");
  url.child<StringBuilder>(1).append(text("https://example.feishu.cn/docx/doc", i));
  url.append_valid();

  auto& files = static_cast<ListBuilder&>(*b[18]);
  files.begin_list();
  for (int f = 0; f < i % 3; ++f) {
    auto& file = files.values<StructBuilder>();
    file.child<StringBuilder>(0).append(text("report-", f) + ".pdf");
    file.child<StringBuilder>(1).append(
        text("https://open.feishu.cn/open-apis/drive/v1/medias/box", i));
    file.child<Int64Builder>(2).append(1024 * (f + 1));
    file.child<StringBuilder>(3).append("application/pdf");
    file.child<StringBuilder>(4).append(text("boxcnrHpsg1QDqXAAAyachabcde", i));
    file.append_valid();
  }
  files.end_list();

  auto& related = static_cast<ListBuilder&>(*b[19]);
  related.begin_list();
  for (int r = 0; r < i % 3; ++r) {
    auto& link = related.values<StructBuilder>();
    link.child<StringBuilder>(0).append(text("recLinked", i + r));
    link.child<StringBuilder>(1).append(text("Linked ", r));
    link.append_valid();
  }
  related.end_list();

  auto& place = static_cast<StructBuilder&>(*b[20]);
  if (i % 2 == 0) {
    place.append_null();
  } else {
    place.child<StringBuilder>(0).append("116.397755,39.903179");
    place.child<Float64Builder>(1).append(39.903179);
    place.child<Float64Builder>(2).append(116.397755);
    place.child<StringBuilder>(3).append("Dongcheng District");
    place.child<StringBuilder>(4).append("Tiananmen, Dongcheng District, Beijing");
    place.child<StringBuilder>(5).append("Tiananmen");
    place.append_valid();
  }
  s(21).append(text("", i * 3));
  auto& lookup = static_cast<ListBuilder&>(*b[22]);
  lookup.begin_list();
  for (int k = 0; k < 2; ++k) lookup.values<Float64Builder>().append(i + k * 0.5);
  lookup.end_list();
  d(23).append((i % 100) / 100.0);
  l(24).append(i % 5);
}

RecordBatch lark_batch() {
  SchemaPtr schema = lark_schema();
  std::vector<std::unique_ptr<ArrayBuilder>> builders;
  for (const Field& field : schema->fields) builders.push_back(make_builder(field.type));
  for (int i = 0; i < kRows; ++i) append_row(builders, i);
  RecordBatch batch{schema, kRows, {}};
  for (auto& builder : builders) batch.columns.push_back(builder->finish());
  batch.validate();
  return batch;
}

// Builds the batch from generated values (std::to_string and concatenation are
// part of the measured time; the normaliser's own benchmark lives in bench/types).
void BM_BuildBatch(benchmark::State& state) {
  size_t bytes = 0;
  for (auto _ : state) {
    RecordBatch batch = lark_batch();
    bytes = batch.memory_bytes();
    benchmark::DoNotOptimize(batch);
  }
  state.SetBytesProcessed(int64_t(bytes) * state.iterations());
  state.counters["rows/s"] =
      benchmark::Counter(double(kRows) * double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BuildBatch);

void BM_WriteRecordBatch(benchmark::State& state) {
  const RecordBatch batch = lark_batch();
  const auto framing = IpcFraming(state.range(0));
  size_t bytes = 0;
  for (auto _ : state) {
    std::string message = write_record_batch_message(batch, framing);
    bytes = message.size();
    benchmark::DoNotOptimize(message);
  }
  state.SetBytesProcessed(int64_t(bytes) * state.iterations());
  state.counters["message_bytes"] = double(bytes);
}
BENCHMARK(BM_WriteRecordBatch)->ArgName("continuation")->Arg(0)->Arg(1);

void BM_ReadRecordBatch(benchmark::State& state) {
  const RecordBatch batch = lark_batch();
  const auto framing = IpcFraming(state.range(0));
  const std::string message = write_record_batch_message(batch, framing);
  for (auto _ : state) {
    RecordBatch back = read_record_batch_message(message, batch.schema);
    benchmark::DoNotOptimize(back);
  }
  state.SetBytesProcessed(int64_t(message.size()) * state.iterations());
}
BENCHMARK(BM_ReadRecordBatch)->ArgName("continuation")->Arg(0)->Arg(1);

void BM_WriteSlice(benchmark::State& state) {
  // An unaligned slice: offsets re-based and bitmaps shifted while writing.
  const RecordBatch batch = lark_batch().slice(101, 250);
  size_t bytes = 0;
  for (auto _ : state) {
    std::string message = write_record_batch_message(batch, IpcFraming::kContinuation);
    bytes = message.size();
    benchmark::DoNotOptimize(message);
  }
  state.SetBytesProcessed(int64_t(bytes) * state.iterations());
}
BENCHMARK(BM_WriteSlice);

void BM_SchemaMessageRoundTrip(benchmark::State& state) {
  const SchemaPtr schema = lark_schema();
  for (auto _ : state) {
    Schema back = read_schema_message(write_schema_message(*schema, IpcFraming::kContinuation));
    benchmark::DoNotOptimize(back);
  }
}
BENCHMARK(BM_SchemaMessageRoundTrip);

}  // namespace
}  // namespace larkbase::columnar

BENCHMARK_MAIN();
