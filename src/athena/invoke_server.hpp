#pragma once
// `larkbase athena serve`: the Lambda Invoke HTTP API on a local port, so that
// the official AWS SDKs (`@aws-sdk/client-lambda`, `aws lambda invoke
// --endpoint-url`) call the connector the way Athena calls the deployed function:
//   POST /2015-03-31/functions/{name}/invocations   body = the request JSON
// answers 200 with the response JSON; a failed invocation answers 200 with the
// error document and `X-Amz-Function-Error: Unhandled`, as Lambda does. Any
// function name is served by the same connector. With `X-Amz-Log-Type: Tail` the
// answer carries Lambda's `X-Amz-Log-Result` (base64 log tail), here holding the
// Lark calls the invocation cost, so a client can trace each call's price. Like Lambda's concurrent
// environments, each concurrent call gets its own FederationHandler (kept warm
// for later calls), so handlers are never shared between threads.
#include <functional>
#include <memory>
#include <string>

#include "common/json.hpp"

namespace larkbase::athena {

class FederationHandler;

struct InvokeServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0 = a free port
  int threads = 4;
};

class InvokeServer {
 public:
  using HandlerFactory = std::function<std::unique_ptr<FederationHandler>()>;

  InvokeServer(InvokeServerOptions options, HandlerFactory factory);
  ~InvokeServer();
  InvokeServer(const InvokeServer&) = delete;
  InvokeServer& operator=(const InvokeServer&) = delete;

  // Binds the port (UserError when it cannot); returns it.
  int bind();
  // {"url": "http://host:port"}: the first stdout line of `athena serve`.
  common::Json handshake() const;
  // Serves until stop().
  void run();
  void stop();

  struct State;  // the HTTP server and the warm handlers (invoke_server.cpp)

 private:
  std::unique_ptr<State> state_;
};

}  // namespace larkbase::athena
