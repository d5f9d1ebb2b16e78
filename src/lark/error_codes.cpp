#include "lark/error_codes.hpp"

namespace larkbase::lark {

bool is_retryable_code(int64_t code) {
  switch (code) {
    case kCodeRateLimited:  // frequency limit
    case 1254290:           // TooManyRequest
    case 1254291:           // write conflict
    case 1254607:           // data not ready
    case 1255001:           // internal error
    case 1255002:           // rpc error
    case 1255040:           // request timed out
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
