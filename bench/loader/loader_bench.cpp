// DataLoader throughput on SQLite files (no server needed), each strategy
// next to the plain SQL that does the same work in the same run:
//   - FullLoad: LoadRunner `full` (stream the source, shadow table, swap)
//     vs CopyBaseline: ATTACH + INSERT … SELECT into a fresh table;
//   - IncrementalMerge: LoadRunner `incremental` merging 1 % changed rows
//     into a table of N rows vs UpsertBaseline: INSERT … SELECT … ON
//     CONFLICT DO UPDATE of the same rows straight from the attached source.
// N = LOADER_BENCH_ROWS (default 1,000,000). Rates are rows/s of source rows.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "loader/load_runner.hpp"

namespace larkbase::loader {
namespace {

long long rows() {
  const char* v = std::getenv("LOADER_BENCH_ROWS");
  return v ? std::atoll(v) : 1000000;
}

std::string dir() {
  static const std::string path = [] {
    auto p =
        std::filesystem::temp_directory_path() / ("lb-loader-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(p);
    return p.string();
  }();
  return path;
}

// The source: N orders with a sequence cursor; built once per process.
const std::string& source_path() {
  static const std::string path = [] {
    std::string p = dir() + "/src.db";
    auto db = open_db("sqlite:" + p);
    db->exec_script(
        "PRAGMA synchronous=OFF; CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, "
        "amount REAL, note TEXT, seq INTEGER NOT NULL);"
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " +
        std::to_string(rows()) +
        ") INSERT INTO orders SELECT i, i % 997, i * 0.01, 'note ' || i, i FROM r;");
    return p;
  }();
  return path;
}

TableConfig orders_config(const std::string& strategy) {
  TableConfig t;
  t.config_id = 1;
  t.source_name = "orders";
  t.destination_name = "orders";
  t.strategy = strategy;
  t.incremental_column = "seq";
  t.incremental_type = "integer";
  t.primary_key = {"id"};
  return t;
}

LoadOutcome load(const TableConfig& t, const std::string& target_path) {
  SqlSource source(open_db("sqlite:" + source_path()), make_dialect("sqlite"));
  Target target(open_db("sqlite:" + target_path), std::nullopt);
  return LoadRunner(t, source, target, 0).run();
}

void BM_FullLoad(benchmark::State& state) {
  source_path();
  for (auto _ : state) {
    state.PauseTiming();
    std::string target = dir() + "/full.db";
    std::filesystem::remove(target);
    state.ResumeTiming();
    benchmark::DoNotOptimize(load(orders_config("full"), target).rows_processed);
  }
  state.SetItemsProcessed(state.iterations() * rows());
}

void BM_CopyBaseline(benchmark::State& state) {
  source_path();
  for (auto _ : state) {
    state.PauseTiming();
    std::string target = dir() + "/copy.db";
    std::filesystem::remove(target);
    auto db = open_db("sqlite:" + target);
    state.ResumeTiming();
    db->exec_script("ATTACH '" + source_path() +
                    "' AS src; BEGIN; CREATE TABLE orders (id INTEGER PRIMARY KEY, customer "
                    "INTEGER, amount REAL, note TEXT, seq INTEGER); INSERT INTO orders SELECT * "
                    "FROM src.orders; COMMIT; DETACH src;");
  }
  state.SetItemsProcessed(state.iterations() * rows());
}

// Changes 1 % of the source rows (every 100th id) with a new, higher cursor.
long long change_one_percent(long long round) {
  auto db = open_db("sqlite:" + source_path());
  long long base = rows() * (round + 1) + 1;
  db->exec("UPDATE orders SET amount = amount + 1, seq = $1 + id WHERE id % 100 = 0",
           {std::to_string(base)});
  return rows() / 100;
}

void BM_IncrementalMerge(benchmark::State& state) {
  std::string target = dir() + "/merge.db";
  std::filesystem::remove(target);
  TableConfig t = orders_config("incremental");
  load(t, target);  // the first, full load
  long long round = 0, changed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    changed = change_one_percent(round++);
    state.ResumeTiming();
    auto o = load(t, target);
    if (o.rows_read != changed) state.SkipWithError("merge read the wrong window");
  }
  state.SetItemsProcessed(state.iterations() * changed);
}

void BM_UpsertBaseline(benchmark::State& state) {
  std::string target = dir() + "/upsert.db";
  std::filesystem::remove(target);
  auto db = open_db("sqlite:" + target);
  db->exec_script("ATTACH '" + source_path() +
                  "' AS src; CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, "
                  "amount REAL, note TEXT, seq INTEGER); INSERT INTO orders SELECT * FROM "
                  "src.orders;");
  long long round = 100, changed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    long long cursor = std::stoll(*db->exec("SELECT MAX(seq) FROM orders").rows[0][0]);
    changed = change_one_percent(round++);
    state.ResumeTiming();
    db->exec(
        "INSERT INTO orders SELECT * FROM src.orders WHERE seq > $1 ON CONFLICT (id) DO UPDATE "
        "SET customer = excluded.customer, amount = excluded.amount, note = excluded.note, seq "
        "= excluded.seq",
        {std::to_string(cursor)});
  }
  state.SetItemsProcessed(state.iterations() * changed);
}

BENCHMARK(BM_FullLoad)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_CopyBaseline)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);
BENCHMARK(BM_IncrementalMerge)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK(BM_UpsertBaseline)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

}  // namespace
}  // namespace larkbase::loader

BENCHMARK_MAIN();
