#include "athena/invoke_server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <vector>

#include "athena/federation_handler.hpp"
#include "athena/message.hpp"
#include "athena/spill.hpp"
#include "common/base64.hpp"
#include "common/error.hpp"

namespace larkbase::athena {

struct InvokeServer::State {
  InvokeServerOptions options;
  HandlerFactory factory;
  httplib::Server http;
  int port = -1;
  std::mutex mutex;
  std::vector<std::unique_ptr<FederationHandler>> idle;  // warm handlers

  std::unique_ptr<FederationHandler> take() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        auto handler = std::move(idle.back());
        idle.pop_back();
        return handler;
      }
    }
    return factory();
  }
  void give_back(std::unique_ptr<FederationHandler> handler) {
    std::lock_guard lock(mutex);
    idle.push_back(std::move(handler));
  }
};

namespace {

// An error of the Invoke API itself (not of the function), in the REST-JSON
// shape the AWS SDKs read: the type in x-amzn-ErrorType, the text in the body.
void api_error(httplib::Response& res, int status, const std::string& type,
               const std::string& message) {
  res.status = status;
  res.set_header("x-amzn-ErrorType", type);
  res.set_content(common::Json{{"Type", "User"}, {"message", message}}.dump(), "application/json");
}

void invoke(InvokeServer::State& state, const httplib::Request& req, httplib::Response& res) {
  const std::string invocation_type = req.has_header("X-Amz-Invocation-Type")
                                          ? req.get_header_value("X-Amz-Invocation-Type")
                                          : "RequestResponse";
  if (invocation_type == "DryRun") {
    res.status = 204;
    return;
  }
  if (invocation_type != "RequestResponse" && invocation_type != "Event") {
    api_error(res, 400, "InvalidParameterValueException",
              fmt::format("X-Amz-Invocation-Type '{}' is not RequestResponse, Event or DryRun",
                          invocation_type));
    return;
  }
  if (req.body.size() > kMaxRequestBytes) {
    api_error(res, 413, "RequestTooLargeException",
              fmt::format("the request payload is {} bytes; Lambda accepts at most {}",
                          req.body.size(), kMaxRequestBytes));
    return;
  }
  std::unique_ptr<FederationHandler> handler;
  try {
    handler = state.take();
  } catch (const std::exception& error) {
    // The function cannot start (bad configuration): Lambda reports an init failure.
    res.status = 200;
    res.set_header("X-Amz-Function-Error", "Unhandled");
    res.set_content(error_document(error), "application/json");
    return;
  }
  const common::CallStatsSnapshot before = handler->lark_calls();
  const auto start = std::chrono::steady_clock::now();
  const InvocationResult result = handler->invoke(req.body);
  const double millis =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const common::CallStatsSnapshot cost = handler->lark_calls() - before;
  state.give_back(std::move(handler));
  const std::string request_id = random_uuid();
  res.set_header("X-Amz-Executed-Version", "$LATEST");
  res.set_header("X-Amzn-RequestId", request_id);
  if (req.get_header_value("X-Amz-Log-Type") == "Tail") {
    // Lambda's log tail (base64), here with what the invocation cost in Lark calls.
    const std::string log = fmt::format(
        "START RequestId: {0} Version: $LATEST\nlark {1}\nEND RequestId: {0}\n"
        "REPORT RequestId: {0}\tDuration: {2:.2f} ms\n",
        request_id, cost.to_string(), millis);
    res.set_header("X-Amz-Log-Result", common::base64_encode(log));
  }
  if (invocation_type == "Event") {
    res.status = 202;
    return;
  }
  res.status = 200;
  if (!result.ok) res.set_header("X-Amz-Function-Error", "Unhandled");
  res.set_content(result.body, "application/json");
}

}  // namespace

InvokeServer::InvokeServer(InvokeServerOptions options, HandlerFactory factory)
    : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  state_->factory = std::move(factory);
  auto& http = state_->http;
  const size_t threads = size_t(std::max(1, state_->options.threads));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_tcp_nodelay(true);
  // Larger than Lambda's limit, so the limit is answered with Lambda's own error.
  http.set_payload_max_length(kMaxRequestBytes + (1u << 20));
  State* state = state_.get();
  http.Post(
      R"(/2015-03-31/functions/([^/]+)/invocations)",
      [state](const httplib::Request& req, httplib::Response& res) { invoke(*state, req, res); });
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        api_error(res, 404, "ResourceNotFoundException",
                  fmt::format("no Lambda API at {} {}; this server answers POST "
                              "/2015-03-31/functions/{{name}}/invocations",
                              req.method, req.path));
        return httplib::Server::HandlerResponse::Handled;
      }));
}

InvokeServer::~InvokeServer() = default;

int InvokeServer::bind() {
  const auto& options = state_->options;
  if (options.port == 0) {
    state_->port = state_->http.bind_to_any_port(options.host);
  } else {
    state_->port = state_->http.bind_to_port(options.host, options.port) ? options.port : -1;
  }
  if (state_->port <= 0) {
    throw common::UserError(fmt::format(
        "cannot listen on {}:{}: the port is taken or the host is not local; pick another --port "
        "(0 picks a free one) or --host",
        options.host, options.port));
  }
  return state_->port;
}

common::Json InvokeServer::handshake() const {
  std::string host = state_->options.host;
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  return {{"url", fmt::format("http://{}:{}", host, state_->port)}};
}

void InvokeServer::run() { state_->http.listen_after_bind(); }

void InvokeServer::stop() { state_->http.stop(); }

}  // namespace larkbase::athena
