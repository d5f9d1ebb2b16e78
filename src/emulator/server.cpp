#include "emulator/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/error.hpp"
#include "emulator/dataset_reader.hpp"
#include "emulator/elastic_pool.hpp"
#include "emulator/http_support.hpp"
#include "emulator/server_context.hpp"

#include "emulator/demo/demo_dataset.hpp"

namespace larkbase::emulator {
namespace {

// Worker threads are added per waiting connection up to this many (each
// stalled client holds one until its read timeout).
constexpr size_t kMaxWorkerThreads = 512;
constexpr size_t kMaxPayloadBytes = size_t(64) << 20;

void check_options(const EmulatorOptions& options) {
  if (options.demo_rows < 0) {
    throw common::UserError(fmt::format(
        "--rows {} is negative: give the number of demo orders (0 or more)", options.demo_rows));
  }
  if (options.read_timeout_ms <= 0) {
    throw common::UserError("--read-timeout-ms must be a positive number of milliseconds");
  }
  if (options.threads < 1) throw common::UserError("--threads must be at least 1");
  if (options.fault_rate < 0 || options.fault_rate > 1) {
    throw common::UserError(
        fmt::format("--fault-rate {} is outside 0..1; give a probability", options.fault_rate));
  }
  if (options.token_ttl_seconds <= 0) {
    throw common::UserError("--token-ttl must be a positive number of seconds");
  }
  if (options.latency_ms < 0 || options.rate_limit < 0) {
    throw common::UserError("--latency-ms and --rate-limit cannot be negative");
  }
  if (options.port < 0 || options.port > 65535) {
    throw common::UserError(fmt::format("--port {} is not a TCP port (0..65535)", options.port));
  }
}

Credentials load_data(const EmulatorOptions& options, Store& store) {
  Credentials credentials{options.app_id, options.app_secret};
  for (const auto& file : options.dataset_files) {
    DatasetCredentials from_file = read_dataset_file(file, store);
    if (credentials.app_id.empty() && from_file.app_id) credentials.app_id = *from_file.app_id;
    if (credentials.app_secret.empty() && from_file.app_secret) {
      credentials.app_secret = *from_file.app_secret;
    }
  }
  if (options.demo) load_demo(store, options.demo_rows, options.demo_seed);
  if (credentials.app_id.empty()) credentials.app_id = kDefaultAppId;
  if (credentials.app_secret.empty()) credentials.app_secret = kDefaultAppSecret;
  return credentials;
}

// The error for a request that reached no handler: no such API (404, 405), or a
// request the HTTP layer refused before routing (unreadable, too large, too long).
ApiError transport_error(int status, const httplib::Request& req) {
  switch (status) {
    case 400:
      return ApiError(400, codes::kInvalidParameters,
                      "Invalid request parameters: the request could not be read; send a JSON "
                      "body with a Content-Length (or chunked encoding)");
    case 413:
      return ApiError(413, codes::kInvalidParameters,
                      fmt::format("Request Entity Too Large: the request body is over the {} MB "
                                  "limit; send fewer records per call",
                                  kMaxPayloadBytes >> 20));
    case 414:
      return ApiError(414, codes::kInvalidParameters,
                      "URI Too Long: the request line is over 8192 bytes; send long parameters in "
                      "the JSON body");
    case 404:
    case 405:
      return ApiError(404, codes::kPathNotFound,
                      fmt::format("404 Not Found: no API at {} {}", req.method, req.path));
    default:
      return ApiError(status, codes::kInvalidParameters,
                      fmt::format("HTTP {}: the request to {} {} was refused before it reached an "
                                  "API",
                                  status, req.method, req.path));
  }
}

}  // namespace

void load_demo(DatasetSink& sink, int64_t rows, uint64_t seed) {
  demo::DemoOptions demo_options;
  demo_options.rows = rows;
  demo_options.seed = seed;
  demo::generate_demo_dataset(demo_options, sink);
}

EmulatorServer::EmulatorServer(EmulatorOptions options) : store_(std::make_shared<Store>()) {
  check_options(options);
  Credentials credentials = load_data(options, *store_);
  context_ = std::make_unique<ServerContext>(store_, std::move(options), std::move(credentials));
  auto& http = context_->http;
  size_t threads = size_t(std::max(2, context_->options.threads));
  http.new_task_queue = [threads] { return new ElasticPool(threads, kMaxWorkerThreads); };
  http.set_keep_alive_max_count(100000);
  // A client that stops mid-request, or idles on a kept-alive connection, is cut
  // off after the read timeout, so it cannot hold a worker thread for ever.
  auto read_timeout = std::chrono::milliseconds(context_->options.read_timeout_ms);
  http.set_read_timeout(read_timeout);
  http.set_keep_alive_timeout(
      std::max<time_t>(1, time_t(context_->options.read_timeout_ms + 999) / 1000));
  // Headers and body leave in separate writes: without TCP_NODELAY, Nagle and the
  // client's delayed ACK hold every response back by ~40 ms.
  http.set_tcp_nodelay(true);
  http.set_payload_max_length(kMaxPayloadBytes);
  register_auth_routes(*context_);
  register_bitable_routes(*context_);
  register_search_route(*context_);
  register_record_update_routes(*context_);
  register_record_delete_routes(*context_);
  register_drive_routes(*context_);
  register_schema_routes(*context_);
  // Unrouted requests, and requests the HTTP layer could not read (and any error
  // response without a body), get Lark's envelope saying what went wrong.
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string log_id = new_log_id();
        res.set_header("X-Tt-Logid", log_id);
        send_error(res, transport_error(res.status, req), log_id);
        return httplib::Server::HandlerResponse::Handled;
      }));
  if (auto semantics = context_->engine.describe(); !semantics.is_null()) {
    spdlog::info("search semantics: {}", semantics.dump());
  }
}

EmulatorServer::~EmulatorServer() = default;

int EmulatorServer::bind() {
  const auto& options = context_->options;
  if (options.port == 0) {
    port_ = context_->http.bind_to_any_port(options.host);
  } else {
    port_ = context_->http.bind_to_port(options.host, options.port) ? options.port : -1;
  }
  if (port_ <= 0) {
    throw common::UserError(fmt::format(
        "cannot listen on {}:{}: the port is taken or the host is not local; pick another "
        "--port or --host",
        options.host, options.port));
  }
  return port_;
}

void EmulatorServer::run() { context_->http.listen_after_bind(); }

void EmulatorServer::stop() { context_->http.stop(); }

common::Json EmulatorServer::handshake() const {
  std::string host = context_->options.host;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  common::Json bases = common::Json::array();
  for (const auto& base : store_->bases()) {
    common::Json tables = common::Json::array();
    for (const auto& table : base->tables) {
      tables.push_back({{"table_id", table->id()}, {"name", table->name()}});
    }
    bases.push_back({{"app_token", base->app_token}, {"name", base->name}, {"tables", tables}});
  }
  const TableRef& control = store_->control_table();
  common::Json control_json = nullptr;
  if (!control.app_token.empty()) {
    control_json = {{"app_token", control.app_token}, {"table_id", control.table_id}};
  }
  return {{"url", fmt::format("http://{}:{}", host, port_)},
          {"app_id", context_->credentials.app_id},
          {"app_secret", context_->credentials.app_secret},
          {"bases", bases},
          {"control_table", control_json},
          {"drive_folder", store_->drive_folder()}};
}

}  // namespace larkbase::emulator
