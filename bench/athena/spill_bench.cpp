// Spill write throughput: one 100,000-row block (text, int64, double columns, as a
// typical projection) turned into the bytes of one spilled S3 object — legacy-framed
// Arrow IPC, AES-256-GCM encrypted or plain (disable_spill_encryption). The upload
// itself is not included. Prints the encrypted / plain throughput ratio.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "athena/spill.hpp"
#include "columnar/builder.hpp"

namespace {

using namespace larkbase;

columnar::RecordBatch make_block(int64_t rows) {
  auto schema = std::make_shared<const columnar::Schema>(
      columnar::Schema{{{"order_no", columnar::utf8_type(), true},
                        {"quantity", columnar::int64_type(), true},
                        {"amount", columnar::float64_type(), true}},
                       {}});
  auto text = columnar::make_builder(columnar::utf8_type());
  auto ints = columnar::make_builder(columnar::int64_type());
  auto doubles = columnar::make_builder(columnar::float64_type());
  for (int64_t i = 0; i < rows; ++i) {
    static_cast<columnar::StringBuilder&>(*text).append(
        fmt::format("SO-{:06} · Café {}", i, i % 97));
    static_cast<columnar::PrimitiveBuilder<int64_t>&>(*ints).append(i * 7);
    static_cast<columnar::PrimitiveBuilder<double>&>(*doubles).append(double(i) * 1.25);
  }
  return {schema, rows, {text->finish(), ints->finish(), doubles->finish()}};
}

// Seconds and bytes per variant over the whole run, for the ratio line.
std::map<std::string, std::pair<double, double>>& totals() {
  static std::map<std::string, std::pair<double, double>> t;
  return t;
}

void BM_EncodeSpillObject(benchmark::State& state, bool encrypt) {
  static const columnar::RecordBatch block = make_block(100000);
  const std::optional<athena::EncryptionKey> key =
      encrypt ? std::optional(athena::make_encryption_key()) : std::nullopt;
  size_t bytes = 0;
  auto& total = totals()[encrypt ? "encrypted" : "plain"];
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const std::string object = athena::encode_spill_object(block, key);
    total.first += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bytes = object.size();
    total.second += double(bytes);
    benchmark::DoNotOptimize(object.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations() * bytes));
  state.counters["object_bytes"] = double(bytes);
}
BENCHMARK_CAPTURE(BM_EncodeSpillObject, encrypted, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EncodeSpillObject, plain, false)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  auto& t = totals();
  if (t.count("encrypted") && t.count("plain") && t["plain"].first > 0) {
    const double encrypted = t["encrypted"].second / t["encrypted"].first / 1e6;
    const double plain = t["plain"].second / t["plain"].first / 1e6;
    fmt::print(
        "spill object encoding: encrypted {:.0f} MB/s, plain {:.0f} MB/s: "
        "BM_EncodeSpillObject/encrypted / BM_EncodeSpillObject/plain = {:.2f}\n",
        encrypted, plain, encrypted / plain);
  }
  return 0;
}
