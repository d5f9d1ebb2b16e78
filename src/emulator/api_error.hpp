#pragma once
// An error the emulator answers with: an HTTP status and Lark's {code, msg}
// envelope. Handlers throw it; the server turns it into the response once.
#include <stdexcept>
#include <string>

#include "common/json.hpp"

namespace larkbase::emulator {

class ApiError : public std::runtime_error {
 public:
  ApiError(int http_status, int code, const std::string& msg, common::Json details = nullptr)
      : std::runtime_error(msg),
        http_status_(http_status),
        code_(code),
        details_(std::move(details)) {}
  int http_status() const { return http_status_; }
  int code() const { return code_; }
  // Extra keys merged into the response's `error` object (e.g. field_violations).
  const common::Json& details() const { return details_; }

 private:
  int http_status_;
  int code_;
  common::Json details_;
};

// Which HTTP status Bitable business errors carry. The Feishu search page lists
// almost every code with 200; newer Lark pages list 400/404/500 (spec §4.5).
enum class ErrorStatusMode { k200, k4xx };

// The HTTP status of Bitable business code `code` under `mode`. Codes the docs
// pin to a status (1254011, 1254036, 1254607: 400; 1255040: 504) keep it in both modes.
int bitable_status(int code, ErrorStatusMode mode);

// Shorthand for a Bitable business error with the status `mode` gives it.
ApiError bitable_error(ErrorStatusMode mode, int code, const std::string& msg);

// The Lark codes the emulator uses, named once.
namespace codes {
inline constexpr int kInvalidParameters = 9499;
inline constexpr int kFieldValidationFailed = 99992402;
inline constexpr int kNeedToken = 99991661;
inline constexpr int kInvalidToken = 99991663;
inline constexpr int kRateLimited = 99991400;
inline constexpr int kPathNotFound = 99991201;
inline constexpr int kAppSecretInvalid = 10014;
inline constexpr int kFail = 1254002;
inline constexpr int kPageSizeNotPositive = 1254011;
inline constexpr int kInvalidSort = 1254016;
inline constexpr int kInvalidFilter = 1254018;
inline constexpr int kInvalidFieldNames = 1254024;
inline constexpr int kBaseNotFound = 1254040;
inline constexpr int kTableNotFound = 1254041;
inline constexpr int kRecordIdNotFound = 1254043;
inline constexpr int kFieldNameNotFound = 1254045;
inline constexpr int kTooManyRecords = 1254104;
inline constexpr int kTooManyRequest = 1254290;
inline constexpr int kWriteConflict = 1254291;
inline constexpr int kDataNotReady = 1254607;
inline constexpr int kInternalError = 1255001;
inline constexpr int kTimeout = 1255040;
inline constexpr int kDriveNotFound = 1061003;
inline constexpr int kDriveParams = 1061002;
inline constexpr int kDrivePageSize = 1064001;
}  // namespace codes

}  // namespace larkbase::emulator
