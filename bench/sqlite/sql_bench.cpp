// Local SQL (the SQLite virtual tables over the connector, as `larkbase sql` runs
// them) against the demo emulator with 50 ms added to every Lark call, on a
// 100,000-record sales.orders table. Measures what pushdown buys: a selective
// filter and a top-N query with pushdown on and off (wall time, pages, API calls,
// rows fetched, and their off/on ratios), what table snapshots buy a join (with and
// without, and the ratios), and how close a full scan gets to the
// rate the emulator allows (one 500-record page per 50 ms = 10,000 records/s).
//
// The emulator runs as a child process ($LARKBASE_BIN). LARKBASE_SQL_BENCH_ROWS
// overrides the row count, e.g. 20000 for a quick look.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connector/connector.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"
#include "sqlite/scan_log.hpp"
#include "sqlite/sql_session.hpp"

namespace larkbase::sqlite {
namespace {

using larkbase::testing::EmulatorProcess;

constexpr int kDefaultRows = 100'000;
constexpr int kLatencyMs = 50;
constexpr int kPageSize = 500;  // the connector's page size for a scan without LIMIT

// About 0.2% of the rows: one status of six and a narrow amount band. Lark answers
// it in one page; without pushdown every record of the table crosses the wire.
constexpr const char* kSelectiveSql =
    "SELECT order_no, amount FROM sales.orders "
    "WHERE status = 'Returned' AND amount BETWEEN 1000 AND 1100";
// With pushdown Lark sorts and the reader stops after one 10-record page; without
// it every row is fetched and SQLite sorts.
constexpr const char* kTopNSql =
    "SELECT order_no, amount FROM sales.orders WHERE amount > 0 ORDER BY amount DESC LIMIT 10";
// The selective filter's orders joined to their customers by the link's record id:
// SQLite looks each order's customer up by id (one scan of customers per order).
constexpr const char* kJoinSql =
    "SELECT o.order_no, o.amount, c.name FROM sales.orders o "
    "JOIN sales.customers c ON c.\"$reserved_record_id\" = "
    "json_extract(o.customer, '$[0].record_id') "
    "WHERE o.status = 'Returned' AND o.amount BETWEEN 1000 AND 1100";
// One column of every row, aggregated locally so that building the result is free.
constexpr const char* kFullScanSql = "SELECT sum(amount) FROM sales.orders";

int row_count() {
  const char* text = std::getenv("LARKBASE_SQL_BENCH_ROWS");
  const int rows = text ? std::atoi(text) : 0;
  return rows > 0 ? rows : kDefaultRows;
}

// No reader can beat this: search pages are requested one after another (each
// needs the previous page's token) and each takes the emulator's latency.
double emulator_bound_records_per_second() { return kPageSize * 1000.0 / kLatencyMs; }

// Started on first use and kept for the whole run, so repetitions do not pay for
// generating the table.
EmulatorProcess& emulator() {
  static EmulatorProcess process({"--demo", "--rows", std::to_string(row_count()), "--latency-ms",
                                  std::to_string(kLatencyMs)});
  return process;
}

connector::ConnectorConfig emulator_config(bool pushdown) {
  connector::ConnectorConfig config =
      larkbase::testing::emulator_connector_config(emulator(), pushdown);
  // The run outlasts the default 5-minute catalog TTL; a re-read mid-run would add
  // calls to whichever query happened to hit it.
  config.sources.ttl = std::chrono::hours(1);
  return config;
}

struct Sql {
  explicit Sql(bool pushdown)
      : connector(connector::Connector::create(emulator_config(pushdown))), session(*connector) {
    // Fetches the token, the table list and the field list now, not in the first
    // measured query.
    session.run("SELECT order_no FROM sales.orders LIMIT 1");
  }
  std::unique_ptr<connector::Connector> connector;
  SqlSession session;
};

// One warmed session per pushdown setting, kept for the whole run.
SqlSession& session(bool pushdown) {
  emulator();  // constructed before the sessions, so it is destroyed after them
  static std::map<bool, std::unique_ptr<Sql>> sessions;
  auto& entry = sessions[pushdown];
  if (!entry) entry = std::make_unique<Sql>(pushdown);
  return entry->session;
}

// The session for `pushdown`, or nullptr (benchmark skipped) when starting the
// emulator or warming the session failed: an exception must not end the program.
SqlSession* session_or_skip(benchmark::State& state, bool pushdown) {
  try {
    return &session(pushdown);
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
    return nullptr;
  }
}

// What running a query cost.
struct QueryCost {
  double seconds = 0;
  connector::ReadStats read;  // summed over the query's scans
  uint64_t api_calls = 0;     // every Lark call the query made
  uint64_t result_rows = 0;

  void add(const QueryCost& more) {
    seconds += more.seconds;
    read.add(more.read);
    api_calls += more.api_calls;
    result_rows += more.result_rows;
  }
  // The mean of `runs` added costs (counts rounded down).
  QueryCost mean(int64_t runs) const {
    QueryCost out = *this;
    if (runs <= 1) return out;
    const auto n = static_cast<uint64_t>(runs);
    out.seconds /= static_cast<double>(runs);
    out.read.calls /= n;
    out.read.pages /= n;
    out.read.bytes /= n;
    out.read.rows_fetched /= n;
    out.read.rows_emitted /= n;
    out.api_calls /= n;
    out.result_rows /= n;
    return out;
  }
};

QueryCost run_query(SqlSession& session, const char* sql) {
  session.clear_scans();
  const auto before = session.connector().stats().snapshot();
  const auto start = std::chrono::steady_clock::now();
  const SqlResult result = session.run(sql);
  QueryCost cost;
  cost.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& record : session.scans().records()) cost.read.add(record.stats);
  cost.api_calls = (session.connector().stats().snapshot() - before).calls;
  cost.result_rows = result.rows.size();
  return cost;
}

// Runs `sql` once per iteration into `total`; false (benchmark skipped) when it threw.
bool measure(benchmark::State& state, SqlSession& session, const char* sql, QueryCost& total) {
  for (auto _ : state) {
    try {
      total.add(run_query(session, sql));
    } catch (const std::exception& error) {
      state.SkipWithError(error.what());
      return false;
    }
  }
  return true;
}

double ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : 0;
}

void set_cost_counters(benchmark::State& state, const QueryCost& cost) {
  state.counters["pages"] = static_cast<double>(cost.read.pages);
  state.counters["api_calls"] = static_cast<double>(cost.api_calls);
  state.counters["rows_fetched"] = static_cast<double>(cost.read.rows_fetched);
  state.counters["bytes"] = static_cast<double>(cost.read.bytes);
  state.counters["rows"] = static_cast<double>(cost.result_rows);
}

// Costs of the pushdown runs by query, so the no-pushdown run can report ratios.
// Every repetition of /pushdown:1 runs before /pushdown:0 (registration order).
std::map<std::string, std::vector<QueryCost>>& pushdown_costs() {
  static std::map<std::string, std::vector<QueryCost>> costs;
  return costs;
}

// The pushdown cost of `sql`, with the median time of the runs so far so that one
// noisy repetition does not skew the ratio; measured now if /pushdown:1 was
// filtered out.
QueryCost pushdown_reference(const char* sql) {
  auto& costs = pushdown_costs()[sql];
  if (costs.empty()) costs.push_back(run_query(session(true), sql));
  std::vector<double> times;
  for (const auto& cost : costs) times.push_back(cost.seconds);
  std::sort(times.begin(), times.end());
  QueryCost reference = costs.back();
  reference.seconds = times[times.size() / 2];
  return reference;
}

void set_ratio_counters(benchmark::State& state, const QueryCost& off, const QueryCost& on) {
  state.counters["time_ratio"] = ratio(off.seconds, on.seconds);
  state.counters["pages_ratio"] = ratio(double(off.read.pages), double(on.read.pages));
  state.counters["api_calls_ratio"] = ratio(double(off.api_calls), double(on.api_calls));
  state.counters["rows_fetched_ratio"] =
      ratio(double(off.read.rows_fetched), double(on.read.rows_fetched));
}

// /pushdown:1 records its cost; /pushdown:0 reports its cost relative to it.
void pushdown_case(benchmark::State& state, const char* sql) {
  const bool pushdown = state.range(0) != 0;
  SqlSession* sql_session = session_or_skip(state, pushdown);
  QueryCost total;
  if (!sql_session || !measure(state, *sql_session, sql, total)) return;
  const QueryCost cost = total.mean(state.iterations());
  set_cost_counters(state, cost);
  if (pushdown) {
    pushdown_costs()[sql].push_back(cost);
    return;
  }
  QueryCost reference;
  try {
    reference = pushdown_reference(sql);
  } catch (const std::exception& error) {
    state.SkipWithError(error.what());
    return;
  }
  // Pushdown must not change the answer; the row count is a cheap check of that.
  if (reference.result_rows != cost.result_rows) {
    state.SkipWithError("pushdown on and off returned different row counts");
    return;
  }
  set_ratio_counters(state, cost, reference);
}

void BM_SelectiveFilter(benchmark::State& state) { pushdown_case(state, kSelectiveSql); }

void BM_TopN(benchmark::State& state) { pushdown_case(state, kTopNSql); }

// /snapshot:1 answers the repeated customer lookups from one read of the customers
// table; /snapshot:0 makes one Lark call per order (and reports the ratios).
void BM_Join(benchmark::State& state) {
  const bool snapshots = state.range(0) != 0;
  SqlSession* sql_session = session_or_skip(state, true);
  if (!sql_session) return;
  sql_session->set_table_snapshots(snapshots);
  QueryCost total;
  bool measured = measure(state, *sql_session, kJoinSql, total);
  sql_session->set_table_snapshots(true);
  if (!measured) return;
  const QueryCost cost = total.mean(state.iterations());
  set_cost_counters(state, cost);
  static QueryCost with_snapshots;
  if (snapshots) {
    with_snapshots = cost;
    return;
  }
  if (with_snapshots.result_rows != cost.result_rows) {
    state.SkipWithError("the join returned different row counts with and without snapshots");
    return;
  }
  state.counters["time_ratio"] = ratio(cost.seconds, with_snapshots.seconds);
  state.counters["api_calls_ratio"] =
      ratio(double(cost.api_calls), double(with_snapshots.api_calls));
}

void BM_FullScan(benchmark::State& state) {
  SqlSession* sql_session = session_or_skip(state, true);
  QueryCost total;
  if (!sql_session || !measure(state, *sql_session, kFullScanSql, total)) return;
  const QueryCost cost = total.mean(state.iterations());
  set_cost_counters(state, cost);
  const double records_per_second = ratio(double(cost.read.rows_fetched), cost.seconds);
  state.counters["records_per_second"] = records_per_second;
  state.counters["emulator_bound_records_per_second"] = emulator_bound_records_per_second();
  state.counters["bound_ratio"] = records_per_second / emulator_bound_records_per_second();
}

// Each run reads up to the whole table at 50 ms a page, so one iteration is
// plenty; scripts/bench.sh repeats the program and reports medians.
void one_timed_run(benchmark::internal::Benchmark* benchmark) {
  benchmark->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_SelectiveFilter)->ArgName("pushdown")->Arg(1)->Arg(0)->Apply(one_timed_run);
BENCHMARK(BM_TopN)->ArgName("pushdown")->Arg(1)->Arg(0)->Apply(one_timed_run);
BENCHMARK(BM_Join)->ArgName("snapshot")->Arg(1)->Arg(0)->Apply(one_timed_run);
BENCHMARK(BM_FullScan)->Apply(one_timed_run);

}  // namespace
}  // namespace larkbase::sqlite

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  fmt::print(stderr,
             "sql_bench: sales.orders with {} rows, emulator latency {} ms per call, "
             "{}-record pages (emulator-bound {:.0f} records/s)\n",
             larkbase::sqlite::row_count(), larkbase::sqlite::kLatencyMs,
             larkbase::sqlite::kPageSize, larkbase::sqlite::emulator_bound_records_per_second());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
