// Full scans at the API bound (issue 10 §3). The emulator serves 20,000 demo
// orders with 50 ms added to every call and 20 search calls/s per app (as Lark);
// the client limits itself to the same 20/s. The API bound is then
// 20 calls/s × 500 records = 10,000 records/s, whatever the latency.
//
// - BM_SelectAll/streams:N — `SELECT * FROM sales.orders` through the SQL
//   session with N concurrent key-range streams (1 = sequential paging).
//   Counters: records_per_second, bound_ratio (goal >= 0.9 with 4 streams).
// - BM_SelectAllVsNodeSdk — each iteration runs the 4-stream scan and then the
//   official Lark Node SDK paging the same table sequentially
//   (node_sdk_scan.mjs); node_ratio = SDK time / larkbase time (goal >= 1.5),
//   bound_ratio and node_bound_ratio = each side's records/s over the API bound.
//   Skipped when node is not installed. `make bench` repeats every benchmark and
//   reports the medians (scripts/bench.sh).
//
// LARKBASE_SCAN_BENCH_ROWS overrides the row count.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "common/json.hpp"
#include "connector/connector.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"
#include "sqlite/sql_session.hpp"

namespace larkbase::sqlite {
namespace {

using larkbase::testing::EmulatorProcess;

constexpr int kDefaultRows = 20'000;
constexpr int kLatencyMs = 50;
constexpr int kRateLimit = 20;
constexpr double kApiBound = kRateLimit * 500.0;  // records/s
constexpr const char* kSelectAll = "SELECT * FROM sales.orders";

int row_count() {
  const char* text = std::getenv("LARKBASE_SCAN_BENCH_ROWS");
  const int rows = text ? std::atoi(text) : 0;
  return rows > 0 ? rows : kDefaultRows;
}

EmulatorProcess& emulator() {
  static EmulatorProcess process({"--demo", "--rows", std::to_string(row_count()), "--latency-ms",
                                  std::to_string(kLatencyMs), "--rate-limit",
                                  std::to_string(kRateLimit)});
  return process;
}

struct Sql {
  explicit Sql(int streams) {
    auto config = larkbase::testing::emulator_connector_config(emulator(), true);
    config.lark.search_rate_limit = kRateLimit;
    config.lark.default_rate_limit = kRateLimit;
    config.sources.ttl = std::chrono::hours(1);
    config.options.scan_streams = streams;
    connector = connector::Connector::create(config);
    session = std::make_unique<SqlSession>(*connector);
    session->set_table_snapshots(false);                        // every run reads Lark
    session->run("SELECT order_no FROM sales.orders LIMIT 1");  // token, tables, fields
  }
  std::unique_ptr<connector::Connector> connector;
  std::unique_ptr<SqlSession> session;
};

SqlSession& session(int streams) {
  emulator();  // constructed first, destroyed last
  static std::map<int, std::unique_ptr<Sql>> sessions;
  auto& entry = sessions[streams];
  if (!entry) entry = std::make_unique<Sql>(streams);
  return *entry->session;
}

// Seconds and rows of one `SELECT *`.
std::pair<double, size_t> select_all(SqlSession& sql) {
  const auto start = std::chrono::steady_clock::now();
  auto result = sql.run(kSelectAll);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {seconds, result.rows.size()};
}

// The SDK script's {"records", "pages", "seconds"}.
common::Json node_sdk_scan() {
  const auto& hs = emulator().handshake();
  std::string app_token, table_id;
  for (const auto& base : hs.at("bases")) {
    for (const auto& table : base.at("tables")) {
      if (table.at("name") == "orders") {
        app_token = base.at("app_token").get<std::string>();
        table_id = table.at("table_id").get<std::string>();
      }
    }
  }
  std::string command = fmt::format(
      "node '{0}/bench/connector/node_sdk_scan.mjs' '{0}' '{1}' '{2}' '{3}' '{4}' '{5}'",
      LARKBASE_SOURCE_DIR, emulator().url(), emulator().app_id(), emulator().app_secret(),
      app_token, table_id);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("could not start node");
  std::string out;
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), int(buffer.size()), pipe.get()) != nullptr) out += buffer.data();
  if (out.empty()) throw std::runtime_error("the Node SDK scan printed nothing: " + command);
  return common::Json::parse(out);
}

void BM_SelectAll(benchmark::State& state) {
  double seconds = 0;
  size_t rows = 0;
  try {
    SqlSession& sql = session(int(state.range(0)));
    for (auto _ : state) {
      auto [s, n] = select_all(sql);
      state.SetIterationTime(s);
      seconds += s;
      rows += n;
    }
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
    return;
  }
  const double per_second = rows / seconds;
  state.counters["rows"] = double(rows) / double(state.iterations());
  state.counters["records_per_second"] = per_second;
  state.counters["bound_ratio"] = per_second / kApiBound;
}

void BM_SelectAllVsNodeSdk(benchmark::State& state) {
  if (std::system("node --version > /dev/null 2>&1") != 0) {
    state.SkipWithError("node is not installed");
    return;
  }
  double ours = 0, theirs = 0;
  size_t rows = 0;
  try {
    SqlSession& sql = session(4);
    for (auto _ : state) {
      auto [s, n] = select_all(sql);
      rows += n;
      auto node = node_sdk_scan();
      if (node.at("records").get<size_t>() != n) {
        state.SkipWithError("the Node SDK scan and SELECT * returned different row counts");
        return;
      }
      state.SetIterationTime(s);
      ours += s;
      theirs += node.at("seconds").get<double>();
    }
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
    return;
  }
  const double iterations = double(state.iterations());
  state.counters["node_sdk_seconds"] = theirs / iterations;
  state.counters["node_ratio"] = theirs / ours;
  // Both against the API bound, from the same run.
  state.counters["bound_ratio"] = double(rows) / ours / kApiBound;
  state.counters["node_bound_ratio"] = double(rows) / theirs / kApiBound;
}

BENCHMARK(BM_SelectAll)
    ->ArgName("streams")
    ->Arg(4)
    ->Arg(1)
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SelectAllVsNodeSdk)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace larkbase::sqlite

BENCHMARK_MAIN();
