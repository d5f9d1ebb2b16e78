#include "emulator/api_error.hpp"

namespace larkbase::emulator {

int bitable_status(int code, ErrorStatusMode mode) {
  switch (code) {
    case codes::kPageSizeNotPositive:
    case 1254036:
    case codes::kDataNotReady:
      return 400;
    case codes::kTimeout:
      return 504;
    default:
      break;
  }
  if (mode == ErrorStatusMode::k200) return 200;
  if (code >= 1254040 && code <= 1254045) return 404;
  if (code == codes::kTooManyRequest) return 429;
  if (code >= 1254301 && code <= 1254303) return 403;
  if (code == codes::kFail || (code >= 1255001 && code <= 1255005)) return 500;
  return 400;
}

ApiError bitable_error(ErrorStatusMode mode, int code, const std::string& msg) {
  return ApiError(bitable_status(code, mode), code, msg);
}

}  // namespace larkbase::emulator
