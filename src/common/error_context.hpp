#pragma once
// Adds the object a failure concerns to an error raised by a lower layer that
// did not know it ("Glue table sales.orders: <the client's message>").
#include <string>

#include "common/error.hpp"

namespace larkbase::common {

// Runs `fn`; an Error it throws is re-thrown with `what` in front of its
// message, same kind and retryability.
template <typename Fn>
auto with_context(const std::string& what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Error& error) {
    throw Error(error.kind(), what + ": " + error.what(), error.retryable());
  }
}

}  // namespace larkbase::common
