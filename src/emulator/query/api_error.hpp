#pragma once
// The error the search engine throws when a filter or sort is rejected: the
// HTTP status and Lark's {code, msg} pair. The emulator server catches it and
// writes the envelope; nothing here knows about HTTP beyond the status number.
#include <exception>
#include <string>

namespace larkbase::emulator::query {

// Lark codes this engine answers with (lark-open-api.md §4.5).
namespace codes {
inline constexpr int kInvalidSort = 1254016;
inline constexpr int kInvalidFilter = 1254018;
inline constexpr int kFieldNameNotFound = 1254045;
}  // namespace codes

struct ApiError : std::exception {
  ApiError(int http_status_in, int code_in, std::string msg_in)
      : http_status(http_status_in), code(code_in), msg(std::move(msg_in)) {}
  const char* what() const noexcept override { return msg.c_str(); }

  int http_status;  // 200 by default: the Feishu page lists these codes with 200
  int code;         // Lark business code, e.g. 1254018
  std::string msg;  // e.g. "InvalidFilter: ..." naming the condition and the remedy
};

}  // namespace larkbase::emulator::query
