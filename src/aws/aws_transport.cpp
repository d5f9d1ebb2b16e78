#include "aws/aws_transport.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "common/attempt_timeout.hpp"
#include "common/error.hpp"
#include "common/log.hpp"

namespace larkbase::aws {
namespace {

constexpr const char* kJsonContentType = "application/x-amz-json-1.1";
constexpr const char* kFormContentType = "application/x-www-form-urlencoded; charset=utf-8";

std::string canonical_query(std::vector<std::pair<std::string, std::string>> query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (auto& [name, value] : query) {
    encoded.emplace_back(common::url_encode(name), common::url_encode(value));
  }
  // libcurl 7.88 signs the query string as given, so it must already be in
  // SigV4's canonical form: encoded, sorted, "name=" for empty values.
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw common::InternalError("SHA-256 digest failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string encode_s3_key(std::string_view key) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t slash = key.find('/', start);
    out += common::url_encode(key.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

std::string AwsResponse::header(std::string_view name) const {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  auto it = headers.find(lower);
  return it == headers.end() ? std::string() : it->second;
}

struct AwsTransport::Attempt {
  enum Kind { kOk, kRetryable, kFatal } kind = kFatal;
  AwsResponse response;
  std::optional<AwsErrorDetail> error;
  std::string transport_problem;  // set when no HTTP answer came back
};

AwsTransport::AwsTransport(AwsConfig config, AwsTransportDeps deps)
    : config_(std::move(config)),
      http_(common::HttpClientOptions{config_.connect_timeout, config_.request_timeout}),
      retry_env_(deps.retry_env ? *deps.retry_env : common::RetryEnv::real()),
      stats_(deps.stats ? deps.stats : std::make_shared<common::CallStats>()),
      deadline_(deps.deadline ? deps.deadline : std::make_shared<common::SharedDeadline>()) {
  config_.validate();
}

std::string AwsTransport::url_for(const AwsRequest& request) const {
  std::string base = config_.endpoint(request.service);
  std::string path = request.path.empty() ? "/" : request.path;
  if (path.front() != '/') path.insert(path.begin(), '/');
  std::string url;
  if (request.service == AwsService::kS3 && !request.bucket.empty()) {
    if (config_.s3_path_style(request.bucket)) {
      url = base + "/" + common::url_encode(request.bucket) + (path == "/" ? "" : path);
    } else {
      auto scheme = base.find("://");
      size_t host_start = scheme == std::string::npos ? 0 : scheme + 3;
      url = base.substr(0, host_start) + request.bucket + "." + base.substr(host_start) + path;
    }
  } else {
    url = base + path;
  }
  std::string query = canonical_query(request.query);
  if (!query.empty()) url += "?" + query;
  return url;
}

std::string AwsTransport::scrub(std::string text) const {
  return common::scrub_secrets(
      std::move(text), {config_.credentials.secret_access_key, config_.credentials.session_token});
}

common::HttpRequest AwsTransport::build_http_request(AwsRequest& request) const {
  common::HttpRequest http_request;
  http_request.method = request.method;
  http_request.url = url_for(request);
  http_request.headers = request.headers;
  if (!config_.credentials.session_token.empty()) {
    http_request.headers.emplace_back("X-Amz-Security-Token", config_.credentials.session_token);
  }
  if (request.service == AwsService::kS3) {
    // S3 wants the payload hash as a header; libcurl 7.88 does not add it.
    http_request.headers.emplace_back("x-amz-content-sha256", sha256_hex(request.body));
  }
  http_request.body = std::move(request.body);
  http_request.aws_sigv4 = common::AwsSigV4{
      fmt::format("aws:amz:{}:{}", config_.region, service_names(request.service).signing_name),
      config_.credentials.access_key_id, config_.credentials.secret_access_key};
  return http_request;
}

AwsTransport::Attempt AwsTransport::attempt_once(const AwsRequest& request,
                                                 const common::HttpRequest& http_request,
                                                 int attempt_number,
                                                 const common::RetrySchedule& schedule) {
  Attempt attempt;
  const auto& names = service_names(request.service);
  auto started = std::chrono::steady_clock::now();
  common::HttpResponse http_response;
  try {
    http_response =
        http_.send(http_request, common::attempt_timeout(schedule, config_.request_timeout));
  } catch (const common::Error& error) {
    stats_->add_call(http_request.body.size(), 0);
    attempt.kind = error.retryable() ? Attempt::kRetryable : Attempt::kFatal;
    attempt.transport_problem = scrub(error.what());
    spdlog::debug(
        "aws {} {} -> transport error after {} ms (attempt {}): {}", names.display,
        request.operation,
        std::chrono::duration_cast<common::Millis>(std::chrono::steady_clock::now() - started)
            .count(),
        attempt_number, attempt.transport_problem);
    return attempt;
  }
  auto millis =
      std::chrono::duration_cast<common::Millis>(std::chrono::steady_clock::now() - started);
  stats_->add_call(http_request.body.size(), http_response.body.size());
  AwsResponse& response = attempt.response;
  response.status = http_response.status;
  response.headers = std::move(http_response.headers);
  response.body = std::move(http_response.body);
  response.request_id = response.header("x-amzn-requestid");
  if (response.request_id.empty()) response.request_id = response.header("x-amz-request-id");
  response.request_id = scrub(std::move(response.request_id));
  spdlog::debug("aws {} {} {} -> HTTP {} in {} ms (attempt {}, request id {})", names.display,
                request.operation, request.method, response.status, millis.count(), attempt_number,
                response.request_id.empty() ? "none" : response.request_id);
  if (response.status >= 200 && response.status < 300) {
    attempt.kind = Attempt::kOk;
    return attempt;
  }
  AwsErrorDetail detail = parse_aws_error(request.service, request.operation, response.status,
                                          response.headers, response.body);
  // A server may echo the request (S3's SignatureDoesNotMatch quotes the
  // signature); nothing of it reaches a message.
  detail.message = scrub(std::move(detail.message));
  detail.code = scrub(std::move(detail.code));
  detail.request_id = scrub(std::move(detail.request_id));
  attempt.kind =
      is_retryable_aws_error(detail.code, detail.status) ? Attempt::kRetryable : Attempt::kFatal;
  attempt.error = std::move(detail);
  return attempt;
}

AwsResponse AwsTransport::send(AwsRequest request) {
  common::HttpRequest http_request = build_http_request(request);
  const auto& names = service_names(request.service);
  common::RetrySchedule schedule(
      common::within_deadline(config_.retry, deadline_->get(),
                              fmt::format("AWS {} {}", names.display, request.operation)),
      retry_env_);
  for (int attempt_number = 1;; ++attempt_number) {
    Attempt attempt = attempt_once(request, http_request, attempt_number, schedule);
    if (attempt.kind == Attempt::kOk) {
      attempt.response.attempts = attempt_number;
      return std::move(attempt.response);
    }
    std::optional<common::Millis> delay;
    if (attempt.kind == Attempt::kRetryable) delay = schedule.next_delay();
    if (!delay) {
      stats_->add_error();
      if (schedule.exhausted_by_deadline()) {
        // The caller's deadline, not the service, ended the call.
        common::throw_exhausted(
            schedule, attempt.error ? AwsError(std::move(*attempt.error)).what()
                                    : fmt::format("AWS {} {} failed: {}", names.display,
                                                  request.operation, attempt.transport_problem));
      }
      std::string exhausted =
          attempt.kind == Attempt::kRetryable ? "; " + schedule.exhausted_reason() : "";
      if (attempt.error) {
        if (!exhausted.empty()) attempt.error->message += exhausted;
        throw AwsError(std::move(*attempt.error));
      }
      throw common::ExternalError(
          fmt::format("AWS {} {} failed: {}{}", names.display, request.operation,
                      attempt.transport_problem, exhausted),
          attempt.kind == Attempt::kRetryable);
    }
    spdlog::debug("aws {} {}: {}; retrying in {} ms", names.display, request.operation,
                  attempt.error ? attempt.error->code : attempt.transport_problem, delay->count());
    stats_->add_retry();
    retry_env_.sleep(*delay);
  }
}

common::Json AwsTransport::call_json(AwsService service, const std::string& operation,
                                     const common::Json& input) {
  AwsRequest request;
  request.service = service;
  request.operation = operation;
  request.headers = {
      {"Content-Type", kJsonContentType},
      {"X-Amz-Target", fmt::format("{}.{}", service_names(service).json_target, operation)}};
  request.body = input.dump();
  AwsResponse response = send(std::move(request));
  if (response.body.empty()) return common::Json::object();
  return common::parse_json(
      response.body, fmt::format("AWS {} {} response", service_names(service).display, operation));
}

std::string AwsTransport::call_query(AwsService service, const std::string& action,
                                     const std::string& version,
                                     std::vector<std::pair<std::string, std::string>> params) {
  params.emplace_back("Action", action);
  params.emplace_back("Version", version);
  AwsRequest request;
  request.service = service;
  request.operation = action;
  request.headers = {{"Content-Type", kFormContentType}};
  request.body = canonical_query(std::move(params));
  return send(std::move(request)).body;
}

}  // namespace larkbase::aws
