#include "emulator/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/error.hpp"
#include "emulator/dataset_reader.hpp"
#include "emulator/http_support.hpp"
#include "emulator/server_context.hpp"

#include "emulator/demo/demo_dataset.hpp"

namespace larkbase::emulator {
namespace {

void check_options(const EmulatorOptions& options) {
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
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_keep_alive_max_count(100000);
  // Headers and body leave in separate writes: without TCP_NODELAY, Nagle and the
  // client's delayed ACK hold every response back by ~40 ms.
  http.set_tcp_nodelay(true);
  http.set_payload_max_length(64u << 20);
  register_auth_routes(*context_);
  register_bitable_routes(*context_);
  register_search_route(*context_);
  register_drive_routes(*context_);
  // Unrouted requests (and any error response without a body) get Lark's envelope.
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string log_id = new_log_id();
        res.set_header("X-Tt-Logid", log_id);
        int status = res.status == 404 ? 404 : res.status;
        send_error(res,
                   ApiError(status, codes::kPathNotFound,
                            fmt::format("404 Not Found: no API at {} {}", req.method, req.path)),
                   log_id);
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
