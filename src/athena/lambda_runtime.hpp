#pragma once
// The AWS Lambda Runtime API loop of a custom runtime (provided.al2023): the
// `larkbase` binary, started by `bootstrap` with AWS_LAMBDA_RUNTIME_API set,
//   GET  /2018-06-01/runtime/invocation/next            → one event
//   POST /2018-06-01/runtime/invocation/{id}/response   → the answer, or
//   POST /2018-06-01/runtime/invocation/{id}/error      → {errorType, errorMessage}
// and reports a failed initialisation to /2018-06-01/runtime/init/error. The
// function (federation handler, crawler) is chosen by the caller; this file only
// speaks the Runtime API. The loop never ends on a bad event: only when the
// Runtime API itself keeps failing (then Lambda restarts the environment).
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "athena/federation_handler.hpp"

namespace larkbase::athena {

// One event in, the response body (ok) or the error document (not ok) out, by
// `deadline` (the invocation's Lambda-Runtime-Deadline-Ms less the response
// margin; nullopt when Lambda gave none). Must not throw; if it does, the loop
// reports the exception as the invocation's error.
using LambdaFunction =
    std::function<InvocationResult(const std::string& event, std::optional<Deadline> deadline)>;

// Builds the function; a throw here is reported to /runtime/init/error.
using LambdaFunctionFactory = std::function<LambdaFunction()>;

struct LambdaRuntimeOptions {
  std::string api;  // AWS_LAMBDA_RUNTIME_API: "host:port"
  // Consecutive failed calls to the Runtime API before the loop gives up.
  int max_api_failures = 3;
  // Time kept back from each invocation's deadline to post the answer
  // (LARKBASE_LAMBDA_DEADLINE_MARGIN_MS).
  std::chrono::milliseconds response_margin{1000};
};

// The steady-clock deadline of an invocation whose Lambda-Runtime-Deadline-Ms
// header is `header` (Unix epoch milliseconds), `margin` earlier; nullopt when the
// header is absent or not a number.
std::optional<Deadline> invocation_deadline(const std::string& header,
                                            std::chrono::milliseconds margin);

// Runs the loop; returns the process exit code (only when the Runtime API fails
// `max_api_failures` times in a row, or after reporting an init error).
int run_lambda_runtime(const LambdaRuntimeOptions& options, const LambdaFunctionFactory& factory);

// The Lambda error document for a failure outside a handler's own mapping.
std::string lambda_error_document(const std::string& error_type, const std::string& message);

}  // namespace larkbase::athena
