#pragma once
// The project's error taxonomy. Every front end has exactly one place that turns
// these into its own error form (SQLite error text, Lambda error document, CLI
// exit code). Messages name the object and the remedy, and never carry secrets.
#include <stdexcept>
#include <string>

namespace larkbase::common {

enum class ErrorKind {
  kUser,      // bad input or configuration: the user can fix it
  kExternal,  // a remote service failed (Lark, AWS); may be retryable
  kInternal,  // a bug or an impossible state in this program
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message, bool retryable = false)
      : std::runtime_error(message), kind_(kind), retryable_(retryable) {}
  ErrorKind kind() const noexcept { return kind_; }
  bool retryable() const noexcept { return retryable_; }

 private:
  ErrorKind kind_;
  bool retryable_;
};

class UserError : public Error {
 public:
  explicit UserError(const std::string& message) : Error(ErrorKind::kUser, message) {}
};

class ExternalError : public Error {
 public:
  explicit ExternalError(const std::string& message, bool retryable = false)
      : Error(ErrorKind::kExternal, message, retryable) {}
};

class InternalError : public Error {
 public:
  explicit InternalError(const std::string& message) : Error(ErrorKind::kInternal, message) {}
};

const char* to_string(ErrorKind kind) noexcept;

}  // namespace larkbase::common
