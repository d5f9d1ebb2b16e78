#include "lark/error_codes.hpp"

namespace larkbase::lark {

// The one list of "try again later" codes (lark-open-api.md §6.2), used by the
// client for whole responses and by the page normaliser for search pages.
bool is_retryable_code(int64_t code) {
  if (code >= 1255001 && code <= 1255005) return true;  // internal / rpc / (un)marshal / conv
  switch (code) {
    case kCodeRateLimited:  // frequency limit
    case 1254290:           // TooManyRequest
    case 1254291:           // write conflict
    case 1254607:           // data not ready
    case 1254036:           // Base is being copied
    case 1255040:           // request timed out
    case 1500:              // generic internal errors: "retry later"
    case 1663:
    case 1668:
    case 2200:
    case 5000:
    case 10101:
      return true;
    default:
      return false;
  }
}

bool is_token_code(int64_t code) {
  switch (code) {
    case 99991661:  // missing token
    case 99991663:  // invalid / expired tenant token
    case 99991664:  // invalid app_access_token
    case 99991665:  // invalid tenant_access_token
    case 99991668:  // invalid user token
      return true;
    default:
      return false;
  }
}

bool is_retryable_status(long status) { return status == 429 || (status >= 500 && status <= 599); }

}  // namespace larkbase::lark
