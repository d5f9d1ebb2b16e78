// Cold start of the connector on Lambda, as far as it can be measured here: from
// fork+exec of `larkbase` (no arguments, AWS_LAMBDA_RUNTIME_API set, the
// connector configured as deployed) to the Ping response arriving at a local
// Runtime API stand-in. Baseline in the same run: fork+exec+exit of
// `larkbase version` (a bare process start of the same binary). Goal < 50 ms; the
// Java connector's seed figure is seconds. Lambda's own environment setup (image,
// network, the zip) is not part of it.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <map>
#include <string>

#include "child_process.hpp"
#include "runtime_api_server.hpp"

namespace {

using larkbase::testing::ChildProcess;
using larkbase::testing::RuntimeApiServer;
using Clock = std::chrono::steady_clock;

const char* kPing =
    R"({"@type":"PingRequest","identity":{"id":"UNKNOWN","principal":"UNKNOWN","account":"1",)"
    R"("arn":"a","tags":{},"groups":[],"configOptions":{}},"catalogName":"lark","queryId":"q"})";

// Total seconds and iterations per benchmark, over every repetition, for the ratio line.
std::map<std::string, std::pair<double, int>>& totals() {
  static std::map<std::string, std::pair<double, int>> t;
  return t;
}

void record(const char* name, double seconds) {
  totals()[name].first += seconds;
  totals()[name].second += 1;
}

void BM_ColdStartToFirstPing(benchmark::State& state) {
  for (auto _ : state) {
    RuntimeApiServer api;
    const std::string id = api.push(kPing);  // queued: /next answers at once
    const auto start = Clock::now();
    ChildProcess lambda({{"AWS_LAMBDA_RUNTIME_API", api.api()},
                         {"LARK_API_URL", "http://127.0.0.1:9"},
                         {"LARK_APP_ID", "cli_bench"},
                         {"LARK_APP_SECRET", "bench-secret"},
                         {"LARK_BASES", "bascnBench=sales"},
                         {"spill_bucket", "bench-spill"}});
    const auto post = api.wait(id);
    const auto end = Clock::now();
    if (!post || post->kind != "response") {
      state.SkipWithError("the runtime posted no Ping response");
      break;
    }
    const double seconds = std::chrono::duration<double>(end - start).count();
    record("cold", seconds);
    state.SetIterationTime(seconds);
  }
}
BENCHMARK(BM_ColdStartToFirstPing)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(20);

void BM_BareProcessStart(benchmark::State& state) {
  for (auto _ : state) {
    const auto start = Clock::now();
    ChildProcess version({}, {"version"}, true);
    const int code = version.wait();
    const auto end = Clock::now();
    if (code != 0) {
      state.SkipWithError("larkbase version failed");
      break;
    }
    const double seconds = std::chrono::duration<double>(end - start).count();
    record("bare", seconds);
    state.SetIterationTime(seconds);
  }
}
BENCHMARK(BM_BareProcessStart)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(20);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  auto& t = totals();
  if (t.count("cold") && t.count("bare")) {
    const double cold = t["cold"].first / t["cold"].second * 1000;
    const double bare = t["bare"].first / t["bare"].second * 1000;
    fmt::print(
        "mean cold start {:.1f} ms, bare process {:.1f} ms: BM_ColdStartToFirstPing / "
        "BM_BareProcessStart = {:.2f} (goal: cold start < 50 ms)\n",
        cold, bare, cold / bare);
  }
  return 0;
}
