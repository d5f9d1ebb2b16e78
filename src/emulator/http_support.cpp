#include "emulator/http_support.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <random>

#include "common/error.hpp"

namespace larkbase::emulator {

std::string new_log_id() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return fmt::format("{:%Y%m%d%H%M%S}{:016X}", fmt::gmtime(now), random());
}

void send_json(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.body = std::move(body);
  res.set_header("Content-Type", "application/json; charset=utf-8");
}

void send_data(httplib::Response& res, std::string_view data_json) {
  std::string body;
  body.reserve(data_json.size() + 40);
  body += R"({"code":0,"msg":"success","data":)";
  body += data_json;
  body += '}';
  send_json(res, 200, std::move(body));
}

void send_error(httplib::Response& res, const ApiError& error, const std::string& log_id) {
  common::Json detail = common::Json::object();
  if (error.details().is_object()) detail = error.details();
  detail["log_id"] = log_id;
  common::Json body = {{"code", error.code()}, {"msg", error.what()}, {"error", detail}};
  send_json(res, error.http_status(), body.dump());
}

ApiError field_violation(const std::string& field, const std::string& value,
                         const std::string& description) {
  common::Json details = {
      {"field_violations",
       common::Json::array({{{"field", field}, {"value", value}, {"description", description}}})}};
  return ApiError(400, codes::kFieldValidationFailed, "field validation failed", details);
}

long long query_int(const httplib::Request& req, const char* name, long long fallback) {
  if (!req.has_param(name)) return fallback;
  std::string text = req.get_param_value(name);
  if (text.empty()) return fallback;
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw field_violation(name, text, "must be an integer");
  }
  return value;
}

common::Json parse_body(const httplib::Request& req) {
  if (req.body.empty()) {
    throw ApiError(400, codes::kInvalidParameters,
                   "Invalid request parameters: the request body is missing; send a JSON object");
  }
  common::Json body;
  try {
    body = common::parse_json(req.body, "request body");
  } catch (const common::Error& error) {
    throw ApiError(400, codes::kInvalidParameters,
                   fmt::format("Invalid request parameters: {}", error.what()));
  }
  if (!body.is_object()) {
    throw ApiError(400, codes::kInvalidParameters,
                   "Invalid request parameters: the request body must be a JSON object");
  }
  return body;
}

void check_user_id_type(std::string_view value) {
  if (value.empty() || value == "open_id" || value == "union_id" || value == "user_id") return;
  throw field_violation("user_id_type", std::string(value),
                        "the value must be one of open_id, union_id, user_id");
}

}  // namespace larkbase::emulator
