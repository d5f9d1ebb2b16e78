#pragma once
// Adds the object a failure concerns to an error raised by a lower layer that
// did not know it ("Glue table sales.orders: <the client's message>"). The
// error keeps its class (UserError, ExternalError with its retryability,
// InternalError), so handlers that catch by class still see it.
#include <exception>
#include <string>

#include "common/deadline.hpp"
#include "common/error.hpp"

namespace larkbase::common {

// An error of the same class, kind and retryability as `error`, saying `message`.
// A DeadlineError stays one: handlers tell a deadline by its type, not by the clock.
inline std::exception_ptr same_kind_error(const Error& error, const std::string& message) {
  if (dynamic_cast<const DeadlineError*>(&error) != nullptr) {
    return std::make_exception_ptr(DeadlineError(message));
  }
  switch (error.kind()) {
    case ErrorKind::kUser:
      return std::make_exception_ptr(UserError(message));
    case ErrorKind::kInternal:
      return std::make_exception_ptr(InternalError(message));
    case ErrorKind::kExternal:
      break;
  }
  return std::make_exception_ptr(ExternalError(message, error.retryable()));
}

// Runs `fn`; an Error it throws is re-thrown as the same kind of error with
// `what` in front of its message.
template <typename Fn>
auto with_context(const std::string& what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Error& error) {
    std::rethrow_exception(same_kind_error(error, what + ": " + error.what()));
  }
}

}  // namespace larkbase::common
