// The page normaliser against simdjson's own speed on the same bytes, in one run.
//
// The page is 500 records of the emulator's demo `orders` table (generate_demo_dataset:
// 20+ fields of mixed types, including users, attachments, links, lookups, formulas,
// locations and long notes), wrapped as a records/search response with automatic fields.
// Baselines over the same padded bytes:
//   - RawOnDemandIterate: simdjson on-demand visiting every key and value (strings
//     unescaped, numbers parsed): the same API and kernel the normaliser uses;
//   - RawDomParse: simdjson's DOM parser building its tape (runtime-dispatched kernel).
// After the run, the ratios normaliser / baseline (bytes per second) are printed.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdio>
#include <map>
#include <string>

#include "columnar/ipc.hpp"
#include "demo_page.hpp"
#include "types/page_normaliser.hpp"

namespace larkbase::types {
namespace {

constexpr int64_t kPageRecords = 500;

struct Fixture {
  Fixture() : page(testing::demo_orders_page(kPageRecords)), body(page.body) {}

  testing::DemoPage page;
  simdjson::padded_string body;
};

Fixture& fixture() {
  static Fixture instance;
  return instance;
}

void set_rates(benchmark::State& state) {
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(fixture().body.size()));
  state.counters["records_per_second"] =
      benchmark::Counter(double(state.iterations()) * kPageRecords, benchmark::Counter::kIsRate);
}

// Times `normalise(normaliser)` once per iteration, with a normaliser of the demo
// page for `projection`; returns the conversion warnings seen.
template <typename Normalise>
int64_t time_pages(benchmark::State& state, const Projection& projection, Normalise normalise) {
  Fixture& f = fixture();
  PageNormaliser normaliser(f.page.schema, projection,
                            PageContext{f.page.app_token, f.page.table_id});
  int64_t warnings = 0;
  for (auto _ : state) {
    NormalisedPage page = normalise(normaliser);
    warnings += page.warnings;
    benchmark::DoNotOptimize(page.batch.columns.data());
  }
  set_rates(state);
  return warnings;
}

NormalisedPage from_padded(PageNormaliser& normaliser) {
  return normaliser.normalise(simdjson::padded_string_view(fixture().body));
}

void BM_NormalisePage(benchmark::State& state) {
  const auto& schema = fixture().page.schema;
  int64_t warnings = time_pages(state, Projection::all(schema), from_padded);
  state.counters["columns"] = double(schema.columns().size());
  state.counters["warnings_per_page"] = double(warnings) / double(state.iterations());
}
BENCHMARK(BM_NormalisePage);

// As above, from an unpadded string (the normaliser copies it into its buffer).
void BM_NormalisePageCopyingInput(benchmark::State& state) {
  std::string_view text(fixture().body.data(), fixture().body.size());
  time_pages(state, Projection::all(fixture().page.schema),
             [&](PageNormaliser& normaliser) { return normaliser.normalise(text); });
}
BENCHMARK(BM_NormalisePageCopyingInput);

// As the connector does: the body in a std::string it owns (an HTTP response), whose
// spare capacity becomes the padding (no copy once the capacity suffices).
void BM_NormalisePageFromOwnedString(benchmark::State& state) {
  std::string body(fixture().body.data(), fixture().body.size());
  time_pages(state, Projection::all(fixture().page.schema), [&](PageNormaliser& normaliser) {
    return normaliser.normalise_reusing_capacity(body);
  });
}
BENCHMARK(BM_NormalisePageFromOwnedString);

// Three columns only: the other fields are skipped unread.
void BM_NormaliseProjectedPage(benchmark::State& state) {
  const auto& schema = fixture().page.schema;
  std::vector<std::string> names;
  for (size_t i = 0; i < 3 && i < schema.columns().size(); ++i) {
    names.push_back(schema.columns()[i].name);
  }
  time_pages(state, Projection::of(schema, names), from_padded);
}
BENCHMARK(BM_NormaliseProjectedPage);

// The normalised page as the Athena front end ships it: one record batch message
// (continuation framing) written, and read back against its schema.
const columnar::RecordBatch& normalised_batch() {
  static const columnar::RecordBatch batch = [] {
    Fixture& f = fixture();
    PageNormaliser normaliser(f.page.schema, Projection::all(f.page.schema),
                              PageContext{f.page.app_token, f.page.table_id});
    return normaliser.normalise(simdjson::padded_string_view(f.body)).batch;
  }();
  return batch;
}

void BM_IpcWriteNormalisedPage(benchmark::State& state) {
  const columnar::RecordBatch& batch = normalised_batch();
  size_t bytes = 0;
  for (auto _ : state) {
    std::string message =
        columnar::write_record_batch_message(batch, columnar::IpcFraming::kContinuation);
    bytes = message.size();
    benchmark::DoNotOptimize(message.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
  state.counters["message_bytes"] = double(bytes);
}
BENCHMARK(BM_IpcWriteNormalisedPage);

void BM_IpcReadNormalisedPage(benchmark::State& state) {
  const columnar::RecordBatch& batch = normalised_batch();
  std::string message =
      columnar::write_record_batch_message(batch, columnar::IpcFraming::kContinuation);
  for (auto _ : state) {
    columnar::RecordBatch read = columnar::read_record_batch_message(message, batch.schema);
    benchmark::DoNotOptimize(read.columns.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(message.size()));
}
BENCHMARK(BM_IpcReadNormalisedPage);

namespace ondemand = simdjson::ondemand;

size_t visit(ondemand::value value) {
  size_t touched = 1;
  switch (value.type().value()) {
    case ondemand::json_type::array:
      for (auto item : value.get_array()) touched += visit(item.value());
      break;
    case ondemand::json_type::object:
      for (auto field : value.get_object()) {
        touched += field.unescaped_key().value().size();
        touched += visit(field.value());
      }
      break;
    case ondemand::json_type::number:
      touched += size_t(value.get_double().value() != 0);
      break;
    case ondemand::json_type::string:
      touched += value.get_string().value().size();
      break;
    case ondemand::json_type::boolean:
      touched += size_t(value.get_bool().value());
      break;
    case ondemand::json_type::null:
      break;
  }
  return touched;
}

void BM_RawOnDemandIterate(benchmark::State& state) {
  Fixture& f = fixture();
  ondemand::parser parser;
  for (auto _ : state) {
    ondemand::document document = parser.iterate(f.body);
    size_t touched = 0;
    for (auto field : document.get_object()) {
      touched += field.unescaped_key().value().size();
      touched += visit(field.value());
    }
    benchmark::DoNotOptimize(touched);
  }
  set_rates(state);
}
BENCHMARK(BM_RawOnDemandIterate);

void BM_RawDomParse(benchmark::State& state) {
  Fixture& f = fixture();
  simdjson::dom::parser parser;
  for (auto _ : state) {
    simdjson::dom::element root = parser.parse(f.body);
    benchmark::DoNotOptimize(root);
  }
  set_rates(state);
}
BENCHMARK(BM_RawDomParse);

// Prints the normaliser's speed as a fraction of each baseline after the table.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      auto it = run.counters.find("bytes_per_second");
      if (it == run.counters.end()) continue;
      // With repetitions, the median of the repetitions (the machine is shared: a
      // mean follows one slow outlier); otherwise the single run.
      if (run.run_type == Run::RT_Iteration || run.aggregate_name == "median") {
        rates_[run.run_name.function_name] = it->second.value;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf(
        "\npage: %zu bytes, %lld records, %zu columns; simdjson kernel for on-demand: %s,"
        " active (DOM/stage 1): %s\n",
        fixture().body.size(), static_cast<long long>(kPageRecords),
        fixture().page.schema.columns().size(), simdjson::builtin_implementation()->name().c_str(),
        simdjson::get_active_implementation()->name().c_str());
    for (const char* baseline : {"BM_RawOnDemandIterate", "BM_RawDomParse"}) {
      for (const char* ours : {"BM_NormalisePage", "BM_NormalisePageCopyingInput",
                               "BM_NormalisePageFromOwnedString", "BM_NormaliseProjectedPage"}) {
        if (rates_.count(ours) && rates_.count(baseline) && rates_[baseline] > 0) {
          std::printf("%-30s / %-22s = %5.1f%%  (%.0f MB/s vs %.0f MB/s)\n", ours, baseline,
                      100.0 * rates_[ours] / rates_[baseline], rates_[ours] / 1e6,
                      rates_[baseline] / 1e6);
        }
      }
    }
  }

 private:
  std::map<std::string, double> rates_;
};

}  // namespace
}  // namespace larkbase::types

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  larkbase::types::fixture();  // build the page before timing starts
  larkbase::types::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
