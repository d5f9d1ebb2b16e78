#include "athena/lambda_runtime.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdlib>
#include <utility>

#include "common/error.hpp"
#include "common/http_client.hpp"
#include "common/json.hpp"

namespace larkbase::athena {
namespace {

struct Invocation {
  std::string id;
  std::string event;
  std::string deadline_ms;  // Lambda-Runtime-Deadline-Ms
};

common::HttpClientOptions runtime_http_options() {
  common::HttpClientOptions options;
  // GET /next is a long poll that returns only when Lambda has an event (the
  // environment may be frozen meanwhile), so no total timeout; the function's
  // own Lambda timeout bounds everything else.
  options.timeout = std::chrono::milliseconds(0);
  options.max_idle_handles = 2;
  return options;
}

// The error type of an error document, for the Lambda-Runtime-Function-Error-Type header.
std::string error_type_of(const std::string& document) {
  try {
    const common::Json parsed = common::parse_json(document, "error document");
    if (parsed.is_object() && parsed.contains("errorType") && parsed["errorType"].is_string()) {
      return parsed["errorType"].get<std::string>();
    }
  } catch (const std::exception&) {
    // Not JSON: still reported, with the generic type below.
  }
  return "Runtime.Unknown";
}

class RuntimeApi {
 public:
  explicit RuntimeApi(const std::string& api)
      : base_("http://" + api + "/2018-06-01/runtime"), http_(runtime_http_options()) {}

  // Throws ExternalError when the Runtime API does not hand out an event.
  Invocation next() {
    const common::HttpResponse response =
        http_.send({"GET", base_ + "/invocation/next", {}, {}, std::nullopt});
    const std::string id = response.header("Lambda-Runtime-Aws-Request-Id");
    if (response.status != 200 || id.empty()) {
      throw common::ExternalError(
          fmt::format("the Lambda Runtime API answered GET /invocation/next with HTTP {}{}",
                      response.status, id.empty() ? " and no request id" : ""),
          true);
    }
    // The X-Ray trace of this invocation, for any instrumented client.
    if (auto trace = response.header("Lambda-Runtime-Trace-Id"); !trace.empty()) {
      ::setenv("_X_AMZN_TRACE_ID", trace.c_str(), 1);
    }
    return {id, response.body, response.header("Lambda-Runtime-Deadline-Ms")};
  }

  long post(const std::string& path, std::string body, const std::string& error_type = "") {
    common::HttpRequest request;
    request.method = "POST";
    request.url = base_ + path;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = std::move(body);
    if (!error_type.empty()) {
      request.headers.emplace_back("Lambda-Runtime-Function-Error-Type", error_type);
    }
    return http_.send(request).status;
  }

 private:
  std::string base_;
  common::HttpClient http_;
};

// Posts the result of one invocation. A response Lambda refuses as too large
// (HTTP 413, the 6 MB synchronous limit) becomes that invocation's error, so the
// caller gets a reason instead of a timeout. Throws when the Runtime API fails.
void deliver(RuntimeApi& api, const Invocation& invocation, const InvocationResult& result) {
  const std::string path = "/invocation/" + invocation.id;
  if (result.ok) {
    const long status = api.post(path + "/response", result.body);
    if (status == 413) {
      spdlog::warn("Lambda refused the response of {} ({} bytes) as too large", invocation.id,
                   result.body.size());
      const std::string document = lambda_error_document(
          "ResponseTooLarge",
          fmt::format("the response ({} bytes) exceeds Lambda's payload limit; lower "
                      "maxInlineBlockSize or configure spill_bucket so that reads spill to S3",
                      result.body.size()));
      deliver(api, invocation, {false, document});
      return;
    }
    if (status >= 500) {
      throw common::ExternalError(
          fmt::format("the Lambda Runtime API answered POST .../response with HTTP {}", status),
          true);
    }
    if (status >= 300) spdlog::warn("POST .../response of {}: HTTP {}", invocation.id, status);
    return;
  }
  const long status = api.post(path + "/error", result.body, error_type_of(result.body));
  if (status >= 500) {
    throw common::ExternalError(
        fmt::format("the Lambda Runtime API answered POST .../error with HTTP {}", status), true);
  }
  if (status >= 300) spdlog::warn("POST .../error of {}: HTTP {}", invocation.id, status);
}

InvocationResult call(const LambdaFunction& function, const std::string& event,
                      std::optional<Deadline> deadline) {
  try {
    return function(event, deadline);
  } catch (const std::exception& error) {
    return {false, lambda_error_document("InternalServiceException",
                                         std::string("unexpected failure: ") + error.what())};
  }
}

}  // namespace

std::optional<Deadline> invocation_deadline(const std::string& header,
                                            std::chrono::milliseconds margin) {
  int64_t epoch_ms = 0;
  const auto [end, error] = std::from_chars(header.data(), header.data() + header.size(), epoch_ms);
  if (header.empty() || error != std::errc() || end != header.data() + header.size()) {
    return std::nullopt;
  }
  // The header is wall-clock time; the steady clock is what timeouts are measured on.
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return std::chrono::steady_clock::now() + std::chrono::milliseconds(epoch_ms - now_ms) - margin;
}

std::string lambda_error_document(const std::string& error_type, const std::string& message) {
  return common::Json{{"errorType", error_type}, {"errorMessage", message}}.dump();
}

int run_lambda_runtime(const LambdaRuntimeOptions& options, const LambdaFunctionFactory& factory) {
  if (options.api.empty()) {
    throw common::UserError(
        "AWS_LAMBDA_RUNTIME_API is not set: the Lambda runtime loop runs only inside Lambda (or "
        "against a Runtime API emulator); use `larkbase athena invoke` or `athena serve` locally");
  }
  RuntimeApi api(options.api);
  LambdaFunction function;
  try {
    function = factory();
  } catch (const std::exception& error) {
    spdlog::error("Lambda initialisation failed: {}", error.what());
    const auto* typed = dynamic_cast<const common::Error*>(&error);
    const std::string type = typed && typed->kind() == common::ErrorKind::kUser
                                 ? "Runtime.InvalidConfiguration"
                                 : "Runtime.InitError";
    try {
      api.post("/init/error", lambda_error_document(type, error.what()), type);
    } catch (const std::exception& post_error) {
      spdlog::error("reporting the init error failed: {}", post_error.what());
    }
    return 1;
  }
  int failures = 0;
  while (failures < options.max_api_failures) {
    try {
      const Invocation invocation = api.next();
      failures = 0;
      deliver(api, invocation,
              call(function, invocation.event,
                   invocation_deadline(invocation.deadline_ms, options.response_margin)));
    } catch (const std::exception& error) {
      ++failures;
      spdlog::warn("Lambda Runtime API call failed ({} of {}): {}", failures,
                   options.max_api_failures, error.what());
    }
  }
  spdlog::error("the Lambda Runtime API failed {} times in a row; exiting",
                options.max_api_failures);
  return 3;
}

}  // namespace larkbase::athena
