#pragma once
// Small helpers every route uses: Lark's response envelope, log ids, query
// parameter parsing with Lark's validation errors.
#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"
#include "emulator/api_error.hpp"

namespace larkbase::emulator {

// A log id shaped like Lark's (timestamp + random hex), also sent as X-Tt-Logid.
std::string new_log_id();

// {"code":0,"msg":"success","data":<data_json>} with HTTP 200.
void send_data(httplib::Response& res, std::string_view data_json);
// Any JSON body with `status`.
void send_json(httplib::Response& res, int status, std::string body);
// {"code","msg","error":{"log_id",...details}} with the error's status.
void send_error(httplib::Response& res, const ApiError& error, const std::string& log_id);

// An integer query parameter; `fallback` when absent or empty. A value that is
// not an integer is HTTP 400 / 99992402 naming the parameter.
long long query_int(const httplib::Request& req, const char* name, long long fallback);
// HTTP 400 / 99992402 "field validation failed" naming `field` and why.
ApiError field_violation(const std::string& field, const std::string& value,
                         const std::string& description);
// The request body as a JSON object; no body or bad JSON is HTTP 400 / 9499.
common::Json parse_body(const httplib::Request& req);
// Checks user_id_type (query or body value) against Lark's three id kinds.
void check_user_id_type(std::string_view value);

}  // namespace larkbase::emulator
