// Paging throughput of the Lark client (records/s) against the emulator, at 0
// and 50 ms of added latency per call, 500 records a page. Everything the
// client does per page is measured: rate limiter, token, HTTP round trip,
// envelope parse. The emulator runs as a child process ($LARKBASE_BIN).
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "emulator_process.hpp"
#include "lark/bitable_client.hpp"

namespace larkbase::lark {
namespace {

struct Fixture {
  std::unique_ptr<testing::EmulatorProcess> emulator;
  std::string app_token, table_id;
};

// One emulator per (latency, rows), kept for the whole run so repetitions do
// not pay its start-up.
Fixture& fixture(int latency_ms, int rows) {
  static std::map<std::pair<int, int>, Fixture> fixtures;
  auto& entry = fixtures[{latency_ms, rows}];
  if (!entry.emulator) {
    entry.emulator = std::make_unique<testing::EmulatorProcess>(std::vector<std::string>{
        "--demo", "--rows", std::to_string(rows), "--latency-ms", std::to_string(latency_ms)});
    for (const auto& base : entry.emulator->handshake().at("bases")) {
      for (const auto& table : base.at("tables")) {
        if (table.at("name") == "orders") {
          entry.app_token = base.at("app_token");
          entry.table_id = table.at("table_id");
        }
      }
    }
  }
  return entry;
}

void BM_SearchPaging(benchmark::State& state) {
  int latency_ms = int(state.range(0));
  int rows = int(state.range(1));
  Fixture& f = fixture(latency_ms, rows);
  LarkConfig config;
  config.api_url = f.emulator->url();
  config.app_id = f.emulator->app_id();
  config.app_secret = f.emulator->app_secret();
  config.search_rate_limit = 0;  // measure the client, not the limiter
  LarkClient client(config);
  BitableClient bitable(client);
  int64_t records = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    SearchRequest request;
    request.app_token = f.app_token;
    request.table_id = f.table_id;
    request.query.page_size = 500;
    auto search = bitable.search(request);
    int64_t seen = 0;
    while (auto page = search.next()) {
      bytes += int64_t(page->body.size());
      seen = page->has_more ? seen + 500 : page->total;
    }
    if (seen != rows) state.SkipWithError("scan did not return every record");
    records += seen;
  }
  state.counters["records_per_s"] =
      benchmark::Counter(double(records), benchmark::Counter::kIsRate);
  state.counters["bytes_per_s"] = benchmark::Counter(double(bytes), benchmark::Counter::kIsRate);
  state.counters["calls"] = double(client.stats().snapshot().calls);
}

BENCHMARK(BM_SearchPaging)
    ->ArgNames({"latency_ms", "rows"})
    ->Args({0, 20000})
    ->Args({50, 5000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace larkbase::lark

BENCHMARK_MAIN();
