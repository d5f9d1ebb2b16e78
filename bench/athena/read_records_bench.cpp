// ReadRecords throughput against the local shell's scan of the same table: every
// column of sales.orders (LARKBASE_ATHENA_BENCH_ROWS rows, default 20,000) from the
// demo emulator, no added latency. The Athena path is one ReadRecords invocation,
// answered inline (rows → Arrow IPC → base64 → response JSON, what the Lambda
// returns) or spilled at Athena's default block sizes (16 MiB blocks, 5 MiB
// inline: encrypted 8 MB objects uploaded to the AWS emulator's S3); the local
// path is `SELECT *` through the SQLite virtual table as `larkbase sql` runs it,
// every value handed to a row sink. All share the emulator; the closing lines give
// the median time of each and the ratios side by side (goal ≥ 0.9 of the local
// rows/s), with the machine's load average, since a busy machine skews them.
// Each path runs three times (one invocation each); the medians are of those.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "athena/federation_handler.hpp"
#include "athena/s3_spill_store.hpp"
#include "athena_requests.hpp"
#include "aws_emulator_process.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"
#include "sqlite/sql_session.hpp"

namespace {

using namespace larkbase;
using larkbase::testing::EmulatorProcess;

int row_count() {
  const char* text = std::getenv("LARKBASE_ATHENA_BENCH_ROWS");
  return text && std::atoi(text) > 0 ? std::atoi(text) : 20000;
}

EmulatorProcess& emulator() {
  static EmulatorProcess emu({"--demo", "--rows", std::to_string(row_count())});
  return emu;
}

larkbase::testing::AwsEmulatorProcess& aws_emulator() {
  static larkbase::testing::AwsEmulatorProcess aws({"--demo"});
  return aws;
}

// A warm handler and the ReadRecords request of the table's one split; with
// `spill`, a spill bucket in the AWS emulator and Athena's default block sizes.
struct AthenaPath {
  explicit AthenaPath(bool spill)
      : handler(config(spill), nullptr,
                spill ? std::make_shared<athena::S3SpillStore>(aws_emulator().config()) : nullptr) {
    request = larkbase::testing::AthenaQuery("q-bench").first_read(handler) +
              (spill ? larkbase::testing::block_sizes("16777216", "5242880")
                     : larkbase::testing::block_sizes("1000000000", "1000000000"));
  }
  static athena::AthenaConfig config(bool spill) {
    athena::AthenaConfig config;
    config.connector = larkbase::testing::emulator_connector_config(emulator(), true);
    if (spill) {
      config.aws = aws_emulator().config();
      config.spill.bucket = aws_emulator().handshake().at("spill_bucket").get<std::string>();
      config.spill.prefix = "bench";
    }
    return config;
  }
  athena::FederationHandler handler;
  std::string request;
};

class CountingSink : public sqlite::RowSink {
 public:
  void begin(const std::vector<sqlite::ResultColumn>&) override {}
  void row(const std::vector<sqlite::SqlValue>& values) override {
    ++rows;
    cells += int64_t(values.size());
  }
  void end() override {}
  int64_t rows = 0;
  int64_t cells = 0;
};

// The wall time of every iteration of each path, for the medians.
std::map<std::string, std::vector<double>>& times() {
  static std::map<std::string, std::vector<double>> t;
  return t;
}

void read_records(benchmark::State& state, AthenaPath& path, const char* name,
                  const char* expected_type) {
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const std::string answer = path.handler.handle(path.request);
    times()[name].push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (answer.find(expected_type) == std::string::npos) {
      state.SkipWithError(("not a " + std::string(expected_type)).c_str());
      break;
    }
    state.counters["response_mb"] = double(answer.size()) / 1e6;
  }
  state.SetItemsProcessed(state.iterations() * row_count());
}

// Each call reads the whole table: one call per repetition, three repetitions
// (their median is what print_ratios compares).
void timed_three_times(benchmark::internal::Benchmark* benchmark) {
  benchmark->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1)->Repetitions(3);
}

void BM_ReadRecordsInline(benchmark::State& state) {
  static AthenaPath path(false);
  read_records(state, path, "inline", "\"ReadRecordsResponse\"");
}
BENCHMARK(BM_ReadRecordsInline)->Apply(timed_three_times);

void BM_ReadRecordsSpilled(benchmark::State& state) {
  static AthenaPath path(true);
  read_records(state, path, "spilled", "\"RemoteReadRecordsResponse\"");
}
BENCHMARK(BM_ReadRecordsSpilled)->Apply(timed_three_times);

void BM_LocalShellSelectStar(benchmark::State& state) {
  static auto connector =
      connector::Connector::create(larkbase::testing::emulator_connector_config(emulator(), true));
  static sqlite::SqlSession session(*connector);
  for (auto _ : state) {
    CountingSink sink;
    const auto start = std::chrono::steady_clock::now();
    session.run("SELECT * FROM sales.orders", sink);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (sink.rows != row_count()) {
      state.SkipWithError("the local scan returned another row count");
      break;
    }
    times()["local"].push_back(seconds);
  }
  state.SetItemsProcessed(state.iterations() * row_count());
}
BENCHMARK(BM_LocalShellSelectStar)->Apply(timed_three_times);

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Median times and the ratios of rows/s (= local time / Athena time), one line each.
void print_ratios() {
  auto& t = times();
  if (!t.count("local")) return;
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) < 0) load[0] = load[1] = load[2] = -1;
  const double local = median(t["local"]);
  fmt::print(
      "load average {:.2f} {:.2f} {:.2f} on {} rows; local SELECT * median {:.0f} ms of {}\n",
      load[0], load[1], load[2], row_count(), local * 1e3, t["local"].size());
  for (const char* name : {"inline", "spilled"}) {
    if (!t.count(name)) continue;
    const double athena = median(t[name]);
    fmt::print(
        "ReadRecords {} median {:.0f} ms of {}: BM_ReadRecords / BM_LocalShellSelectStar "
        "rows/s = {:.2f} (goal >= 0.9)\n",
        name, athena * 1e3, t[name].size(), local / athena);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  print_ratios();
  return 0;
}
