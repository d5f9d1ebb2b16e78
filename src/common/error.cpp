#include "common/error.hpp"

namespace larkbase::common {

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::kUser:
      return "user error";
    case ErrorKind::kExternal:
      return "external error";
    case ErrorKind::kInternal:
      return "internal error";
  }
  return "error";
}

}  // namespace larkbase::common
