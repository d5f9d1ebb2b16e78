// Emulator throughput on a large table: unfiltered search pages of 500 records
// walked end to end, and a filtered query's first page (computes and caches the
// whole match list) against its later pages (slices of the cached list).
// The emulator runs in-process on a free port; requests go over real HTTP.
// LARKBASE_BENCH_ROWS sets the demo table size (default 1,000,000).
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <thread>

#include <simdjson.h>

#include "common/json.hpp"
#include "emulator/server.hpp"

namespace larkbase::emulator {
namespace {

double resident_megabytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

struct Fixture {
  std::unique_ptr<EmulatorServer> server;
  std::thread thread;
  std::unique_ptr<httplib::Client> client;
  std::string search_path;
  std::string number_field;
  size_t rows = 0;
  double load_seconds = 0;
  double resident_mb = 0;

  Fixture() {
    EmulatorOptions options;
    options.demo = true;
    const char* rows_env = std::getenv("LARKBASE_BENCH_ROWS");
    options.demo_rows = rows_env != nullptr ? std::atoll(rows_env) : 1000000;
    auto start = std::chrono::steady_clock::now();
    server = std::make_unique<EmulatorServer>(options);
    load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    resident_mb = resident_megabytes();
    int port = server->bind();
    thread = std::thread([this] { server->run(); });
    // The largest table is the demo's orders table.
    const Table* largest = nullptr;
    std::string app_token;
    for (const auto& base : server->store().bases()) {
      for (const auto& table : base->tables) {
        auto lock = table->read_lock();
        if (largest == nullptr || table->size_locked() > rows) {
          rows = table->size_locked();
          largest = table.get();
          app_token = base->app_token;
        }
      }
    }
    // The demo's order amount: a filter on it matches a sizeable share of the table
    // (the first number field, Quantity, is small and would match nothing).
    for (const auto& field : largest->fields()) {
      if (field.value("type", 0) == 2 && number_field.empty()) number_field = field["field_name"];
      if (field.value("field_name", "") == "Amount") number_field = "Amount";
    }
    search_path = "/open-apis/bitable/v1/apps/" + app_token + "/tables/" + largest->id() +
                  "/records/search?page_size=500";
    client = std::make_unique<httplib::Client>("127.0.0.1", port);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);  // the request's header and body writes must not wait for an ACK
    // A filtered first page scans the whole table: allow it time.
    client->set_read_timeout(600, 0);
    common::Json handshake = server->handshake();
    common::Json credentials = {{"app_id", handshake["app_id"]},
                                {"app_secret", handshake["app_secret"]}};
    auto token = client->Post("/open-apis/auth/v3/tenant_access_token/internal", credentials.dump(),
                              "application/json");
    auto body = common::parse_json(token->body, "token");
    client->set_default_headers(
        {{"Authorization", "Bearer " + body["tenant_access_token"].get<std::string>()}});
  }
  ~Fixture() {
    server->stop();
    thread.join();
  }

  struct Page {
    size_t items = 0;
    int64_t total = 0;
    std::string page_token;
  };
  // One search call, read with simdjson so the client costs little next to the server.
  Page search(const std::string& body, const std::string& page_token) {
    std::string path = search_path;
    if (!page_token.empty()) path += "&page_token=" + page_token;
    auto reply = client->Post(path, body, "application/json");
    if (!reply || reply->status != 200) throw std::runtime_error("search failed");
    simdjson::padded_string text(reply->body);
    simdjson::dom::element data = parser.parse(text)["data"];
    Page page;
    page.items = simdjson::dom::array(data["items"]).size();
    page.total = int64_t(data["total"]);
    std::string_view token;
    if (!data["page_token"].get(token)) page.page_token = std::string(token);
    return page;
  }
  simdjson::dom::parser parser;

  std::string filter_body() const {
    common::Json filter = {
        {"conjunction", "and"},
        {"conditions",
         {{{"field_name", number_field}, {"operator", "isGreater"}, {"value", {"20000"}}}}}};
    return common::Json{{"filter", filter}}.dump();
  }
};

Fixture& fixture() {
  static Fixture instance;
  return instance;
}

void BM_UnfilteredPages(benchmark::State& state) {
  Fixture& f = fixture();
  std::string token;
  int64_t records = 0;
  for (auto _ : state) {
    auto page = f.search("{}", token);
    records += int64_t(page.items);
    token = page.page_token;
  }
  state.counters["records/s"] = benchmark::Counter(double(records), benchmark::Counter::kIsRate);
  state.counters["table_rows"] = double(f.rows);
  state.counters["load_s"] = f.load_seconds;
  state.counters["rss_mb_after_load"] = f.resident_mb;
}
BENCHMARK(BM_UnfilteredPages)->Unit(benchmark::kMillisecond)->Iterations(2000)->UseRealTime();

void BM_FilteredFirstPage(benchmark::State& state) {
  Fixture& f = fixture();
  std::string body = f.filter_body();
  int64_t total = 0;
  for (auto _ : state) total = f.search(body, "").total;
  state.counters["matches"] = double(total);
}
BENCHMARK(BM_FilteredFirstPage)->Unit(benchmark::kMillisecond)->Iterations(5)->UseRealTime();

void BM_FilteredLaterPages(benchmark::State& state) {
  Fixture& f = fixture();
  std::string body = f.filter_body();
  std::string first_token = f.search(body, "").page_token;
  std::string token = first_token;
  int64_t records = 0;
  for (auto _ : state) {
    auto page = f.search(body, token);
    records += int64_t(page.items);
    token = page.page_token.empty() ? first_token : page.page_token;
  }
  state.counters["records/s"] = benchmark::Counter(double(records), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FilteredLaterPages)->Unit(benchmark::kMillisecond)->Iterations(500)->UseRealTime();

}  // namespace
}  // namespace larkbase::emulator

BENCHMARK_MAIN();
