// ReadRecords throughput against the local shell's scan of the same table: every
// column of sales.orders (LARKBASE_ATHENA_BENCH_ROWS rows, default 20,000) from the
// demo emulator, no added latency. The Athena path is one ReadRecords invocation
// answered inline (rows → Arrow IPC → base64 → response JSON, what the Lambda
// returns); the local path is `SELECT *` through the SQLite virtual table as
// `larkbase sql` runs it, every value handed to a row sink. Both share the
// connector and the emulator; the ratio line says how close the Athena path comes
// (goal ≥ 0.9 of the local rows/s).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "athena/federation_handler.hpp"
#include "athena_requests.hpp"
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

// A warm handler and the ReadRecords request of the table's one split.
struct AthenaPath {
  AthenaPath() : handler(config()) {
    request = larkbase::testing::AthenaQuery("q-bench").first_read(handler) +
              larkbase::testing::block_sizes("1000000000", "1000000000");
  }
  static athena::AthenaConfig config() {
    athena::AthenaConfig config;
    config.connector = larkbase::testing::emulator_connector_config(emulator(), true);
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

std::map<std::string, std::pair<double, double>>& totals() {  // seconds, rows
  static std::map<std::string, std::pair<double, double>> t;
  return t;
}

void BM_ReadRecordsInline(benchmark::State& state) {
  static AthenaPath path;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const std::string answer = path.handler.handle(path.request);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    totals()["athena"].first += seconds;
    totals()["athena"].second += row_count();
    state.counters["response_mb"] = double(answer.size()) / 1e6;
  }
  state.SetItemsProcessed(state.iterations() * row_count());
}
BENCHMARK(BM_ReadRecordsInline)->Unit(benchmark::kMillisecond)->UseRealTime();

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
    totals()["local"].first += seconds;
    totals()["local"].second += double(sink.rows);
  }
  state.SetItemsProcessed(state.iterations() * row_count());
}
BENCHMARK(BM_LocalShellSelectStar)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  auto& t = totals();
  if (t.count("athena") && t.count("local") && t["athena"].first > 0 && t["local"].first > 0) {
    const double athena = t["athena"].second / t["athena"].first;
    const double local = t["local"].second / t["local"].first;
    fmt::print(
        "rows/s: ReadRecords {:.0f}, local SELECT * {:.0f}: BM_ReadRecordsInline / "
        "BM_LocalShellSelectStar = {:.2f} (goal >= 0.9)\n",
        athena, local, athena / local);
  }
  return 0;
}
