// Peak resident memory of `larkbase sql --format F "SELECT * FROM sales.orders"` (the
// child process, from wait4's ru_maxrss) over the demo emulator with 100,000 and
// 1,000,000 orders, for the streaming formats csv, ndjson and arrow, and the ratio of
// the two sizes: memory must not grow with the table (goal: < 100 MB at 1M rows,
// ratio <= 1.2). Each emulator is started once per run (the 1M demo takes about a
// minute and 1.6 GB to load; LARKBASE_EMULATOR_START_SECONDS raises the 120 s start
// limit on a loaded machine). LARKBASE_MEMORY_BENCH_ROWS="20000,200000" overrides the sizes.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "emulator_process.hpp"

namespace {

using larkbase::testing::EmulatorProcess;

std::vector<long> sizes() {
  const char* text = std::getenv("LARKBASE_MEMORY_BENCH_ROWS");
  std::vector<long> out;
  std::stringstream stream(text ? text : "100000,1000000");
  std::string item;
  while (std::getline(stream, item, ',')) out.push_back(std::stol(item));
  return out;
}

// The peak RSS in MB of one larkbase run with stdout to /dev/null; < 0 on failure.
double peak_rss_mb(const EmulatorProcess& emulator, const std::string& format) {
  std::string base;
  for (const auto& b : emulator.handshake().at("bases")) {
    if (b.at("name") == "Sales") base = b.at("app_token").get<std::string>();
  }
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    setenv("LARK_API_URL", emulator.url().c_str(), 1);
    setenv("LARK_APP_ID", emulator.app_id().c_str(), 1);
    setenv("LARK_APP_SECRET", emulator.app_secret().c_str(), 1);
    setenv("LARK_BASES", (base + "=sales").c_str(), 1);
    unsetenv("ACTIVATE_LARK_BASE_SOURCE");
    std::string bin = larkbase::testing::larkbase_binary();
    execl(bin.c_str(), bin.c_str(), "sql", "--format", format.c_str(), "SELECT * FROM sales.orders",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return -1;
  }
  return double(usage.ru_maxrss) / 1024.0;  // KB → MB
}

std::map<std::string, std::map<long, double>>& results() {
  static std::map<std::string, std::map<long, double>> r;
  return r;
}

void BM_SelectStarPeakRss(benchmark::State& state, long rows, std::string format) {
  static std::map<long, std::unique_ptr<EmulatorProcess>> emulators;
  for (auto& [n, e] : emulators) {
    if (n != rows) e.reset();  // one large emulator at a time
  }
  auto& emulator = emulators[rows];
  if (!emulator) {
    try {
      emulator = std::make_unique<EmulatorProcess>(
          std::vector<std::string>{"--demo", "--rows", std::to_string(rows)});
    } catch (const std::exception& error) {  // e.g. a slow machine loading 1M rows
      return state.SkipWithError(error.what());
    }
  }
  double mb = 0;
  for (auto _ : state) mb = peak_rss_mb(*emulator, format);
  if (mb < 0) return state.SkipWithError("larkbase sql failed");
  state.counters["peak_rss_mb"] = mb;
  state.counters["rows"] = double(rows);
  results()[format][rows] = mb;
}

}  // namespace

int main(int argc, char** argv) {
  auto rows = sizes();
  for (long n : rows) {
    for (std::string format : {"csv", "ndjson", "arrow"}) {
      benchmark::RegisterBenchmark(fmt::format("BM_SelectStarPeakRss/{}/{}", format, n).c_str(),
                                   BM_SelectStarPeakRss, n, format)
          ->Iterations(1)
          ->Repetitions(1)
          ->Unit(benchmark::kSecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (rows.size() >= 2) {
    for (const auto& [format, by_rows] : results()) {
      auto small = by_rows.find(rows.front());
      auto large = by_rows.find(rows.back());
      if (small == by_rows.end() || large == by_rows.end()) continue;
      std::printf(
          "peak RSS %s: %.1f MB at %ld rows, %.1f MB at %ld rows, ratio %.2f / "
          "BM_SelectStarPeakRss\n",
          format.c_str(), small->second, rows.front(), large->second, rows.back(),
          large->second / small->second);
    }
  }
  return 0;
}
