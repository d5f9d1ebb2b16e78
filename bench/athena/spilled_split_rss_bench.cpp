// Peak RSS of one Lambda invocation that streams a large split and spills it: a
// child `larkbase athena invoke` (configured as deployed: environment only) answers
// the ReadRecords of sales.orders of the demo Lark emulator with 100,000, 300,000
// and 1,000,000 rows, spilling every block to the local AWS emulator (encrypted, the
// default). Measured as that child's own peak RSS (wait4's ru_maxrss), not the
// emulators'. Goal: < 128 MB for 1,000,000 rows, and bounded: the ratio of the two
// figures near 1, not 10. Slow (the 1M-row emulator alone takes a while); run it
// alone: build/release/bench/athena/athena_spilled_split_rss_bench.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "athena/federation_handler.hpp"
#include "athena/s3_spill_store.hpp"
#include "athena_requests.hpp"
#include "aws_emulator_process.hpp"
#include "child_process.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"

namespace {

using namespace larkbase;
using larkbase::testing::AwsEmulatorProcess;
using larkbase::testing::ChildProcess;
using larkbase::testing::EmulatorProcess;

std::map<int64_t, double>& peak_mb() {
  static std::map<int64_t, double> t;
  return t;
}

// The deployed environment of the connector, pointed at both emulators.
std::map<std::string, std::string> lambda_env(const EmulatorProcess& lark,
                                              const AwsEmulatorProcess& aws) {
  std::string bases;
  for (const auto& base : lark.handshake().at("bases")) {
    std::string schema = base.at("name").get<std::string>();
    for (char& c : schema) c = char(std::tolower(static_cast<unsigned char>(c)));
    bases += (bases.empty() ? "" : ",") + base.at("app_token").get<std::string>() + "=" + schema;
  }
  const aws::AwsConfig config = aws.config();
  return {{"LARK_API_URL", lark.url()},
          {"LARK_APP_ID", lark.app_id()},
          {"LARK_APP_SECRET", lark.app_secret()},
          {"LARK_BASES", bases},
          {"LARK_RATE_LIMIT", "1000"},
          // The emulator's search over a million rows can take longer than the
          // default 30 s a call; its speed is not what this bench measures.
          {"LARK_TIMEOUT_MS", "600000"},
          {"LARK_RETRY_BUDGET_MS", "1800000"},
          {"AWS_ENDPOINT_URL", aws.url()},
          {"AWS_REGION", config.region},
          {"AWS_ACCESS_KEY_ID", config.credentials.access_key_id},
          {"AWS_SECRET_ACCESS_KEY", config.credentials.secret_access_key},
          {"spill_bucket", aws.handshake().at("spill_bucket").get<std::string>()},
          {"spill_prefix", "rss-bench"}};
}

void BM_SpilledSplitPeakRss(benchmark::State& state) {
  const int64_t rows = state.range(0);
  EmulatorProcess lark({"--demo", "--rows", std::to_string(rows)});
  AwsEmulatorProcess aws({"--demo"});
  // The split is planned in this process (GetTable → GetTableLayout → GetSplits);
  // only the ReadRecords runs in the measured child.
  athena::AthenaConfig config;
  config.connector = larkbase::testing::emulator_connector_config(lark, true);
  config.spill.bucket = aws.handshake().at("spill_bucket").get<std::string>();
  config.spill.prefix = "rss-bench";
  athena::FederationHandler planner(config, nullptr,
                                    std::make_shared<athena::S3SpillStore>(aws.config()));
  // Athena's own block sizes: 16 MB blocks, inline only under 5 MB.
  const std::string request = larkbase::testing::AthenaQuery("q-rss").first_read(planner) +
                              larkbase::testing::block_sizes("16000000", "5242880");
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     fmt::format("larkbase-rss-bench-{}.json", ::getpid());
  std::ofstream(file) << request;

  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    ChildProcess invoke(lambda_env(lark, aws), {"athena", "invoke", file.string()},
                        /*discard_stdout=*/true);
    struct rusage usage {};
    const int code = invoke.wait(&usage);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (code != 0) {
      state.SkipWithError("athena invoke failed (exit code != 0)");
      break;
    }
    const double mb = double(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB
    peak_mb()[rows] = std::max(peak_mb()[rows], mb);
    state.counters["peak_rss_mb"] = mb;
    state.counters["seconds"] = seconds;
  }
  state.SetItemsProcessed(state.iterations() * rows);
  std::filesystem::remove(file);
}
BENCHMARK(BM_SpilledSplitPeakRss)
    ->Arg(100000)
    ->Arg(300000)
    ->Arg(1000000)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  // The largest run against the smallest: flat with rows means a ratio near 1.
  const auto& t = peak_mb();
  if (t.size() >= 2 && t.begin()->second > 0) {
    const auto& [small_rows, small_mb] = *t.begin();
    const auto& [large_rows, large_mb] = *t.rbegin();
    fmt::print(
        "peak RSS of a spilled split: {} rows {:.1f} MB, {} rows {:.1f} MB; ratio {:.2f} "
        "(goal: < 128 MB, ratio near 1)\n",
        large_rows, large_mb, small_rows, small_mb, large_mb / small_mb);
  }
  return 0;
}
