#include "aws_emulator/wire.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>

#include "aws/xml_document.hpp"

namespace larkbase::aws_emulator {

std::string new_request_id() {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t start =
      uint64_t(std::chrono::steady_clock::now().time_since_epoch().count());
  uint64_t n = counter.fetch_add(1) + 1;
  return fmt::format("{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}", uint32_t(start), n & 0xFFFF,
                     (n >> 16) & 0xFFF, (start >> 32) & 0xFFF, n);
}

void send_json(httplib::Response& res, const common::Json& body, const std::string& request_id) {
  res.status = 200;
  res.set_header("x-amzn-RequestId", request_id);
  res.set_content(body.dump(), "application/x-amz-json-1.1");
}

void send_xml(httplib::Response& res, int status, const std::string& body,
              const std::string& request_id) {
  res.status = status;
  res.set_header("x-amz-request-id", request_id);
  res.set_header("x-amzn-RequestId", request_id);
  res.set_content("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body, "application/xml");
}

void send_error(httplib::Response& res, Protocol protocol, const ServiceError& error,
                const std::string& request_id) {
  using aws::xml_escape;
  switch (protocol) {
    case Protocol::kJson:
      res.status = error.status;
      res.set_header("x-amzn-RequestId", request_id);
      res.set_header("x-amzn-ErrorType", error.code);
      res.set_content(common::Json{{"__type", error.code}, {"message", error.message}}.dump(),
                      "application/x-amz-json-1.1");
      return;
    case Protocol::kQuery:
      send_xml(res, error.status,
               fmt::format("<ErrorResponse><Error><Type>{}</Type><Code>{}</Code><Message>{}</"
                           "Message></Error><RequestId>{}</RequestId></ErrorResponse>",
                           error.status >= 500 ? "Receiver" : "Sender", xml_escape(error.code),
                           xml_escape(error.message), request_id),
               request_id);
      return;
    case Protocol::kRestXml:
      send_xml(res, error.status,
               fmt::format("<Error><Code>{}</Code><Message>{}</Message><RequestId>{}</RequestId>"
                           "</Error>",
                           xml_escape(error.code), xml_escape(error.message), request_id),
               request_id);
      return;
  }
}

std::optional<std::string> signed_service(const httplib::Request& req) {
  std::string scope;
  std::string authorization = req.get_header_value("Authorization");
  if (authorization.starts_with("AWS4-HMAC-SHA256 ") &&
      authorization.find("Signature=") != std::string::npos) {
    auto at = authorization.find("Credential=");
    if (at == std::string::npos) return std::nullopt;
    auto end = authorization.find_first_of(", ", at);
    scope = authorization.substr(at + 11, end == std::string::npos ? end : end - at - 11);
  } else if (req.get_param_value("X-Amz-Algorithm") == "AWS4-HMAC-SHA256" &&
             req.has_param("X-Amz-Signature")) {
    scope = req.get_param_value("X-Amz-Credential");
  } else {
    return std::nullopt;
  }
  // AKID/date/region/service/aws4_request
  size_t slash = 0;
  for (int i = 0; i < 3; ++i) {
    slash = scope.find('/', slash);
    if (slash == std::string::npos) return std::nullopt;
    ++slash;
  }
  auto end = scope.find('/', slash);
  if (end == std::string::npos) return std::nullopt;
  return scope.substr(slash, end - slash);
}

FaultDice::FaultDice(double throttle_rate, double error_rate, uint64_t seed)
    : throttle_rate_(throttle_rate),
      error_rate_(error_rate),
      random_(seed != 0 ? seed
                        : uint64_t(std::chrono::steady_clock::now().time_since_epoch().count())) {}

bool FaultDice::chance(double rate) {
  if (rate <= 0) return false;
  std::lock_guard lock(mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_) < rate;
}

std::optional<ServiceError> FaultDice::roll(Protocol protocol) {
  if (throttle_rate_ <= 0 && error_rate_ <= 0) return std::nullopt;
  double dice;
  {
    std::lock_guard lock(mutex_);
    dice = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  }
  if (dice < throttle_rate_) {
    switch (protocol) {
      case Protocol::kRestXml:
        return ServiceError{503, "SlowDown", "Please reduce your request rate."};
      case Protocol::kQuery:
        return ServiceError{400, "Throttling", "Rate exceeded"};
      case Protocol::kJson:
        return ServiceError{400, "ThrottlingException", "Rate exceeded"};
    }
  }
  if (dice < throttle_rate_ + error_rate_) {
    if (protocol == Protocol::kRestXml) {
      return ServiceError{500, "InternalError",
                          "We encountered an internal error. Please try again."};
    }
    return ServiceError{500, "InternalFailure",
                        "The request processing has failed because of an unknown error."};
  }
  return std::nullopt;
}

}  // namespace larkbase::aws_emulator
