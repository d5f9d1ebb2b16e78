#pragma once
// An error answered by an AWS service, in the project's taxonomy: bad
// requests, missing objects and denied access are user errors (the caller can
// fix them); throttling and 5xx are retryable external errors; anything else
// is a non-retryable external error. The message names the service, the
// operation, the AWS error code, its message and the request id, and never
// carries credentials or signatures.
#include <map>
#include <string>
#include <string_view>

#include "aws/aws_service.hpp"
#include "common/error.hpp"

namespace larkbase::aws {

struct AwsErrorDetail {
  std::string service;    // "Glue"
  std::string operation;  // "GetTable"
  std::string code;       // "EntityNotFoundException"
  std::string message;    // the service's own message
  std::string request_id;
  long status = 0;
};

class AwsError : public common::Error {
 public:
  explicit AwsError(AwsErrorDetail detail);

  const std::string& service() const { return detail_.service; }
  const std::string& operation() const { return detail_.operation; }
  const std::string& code() const { return detail_.code; }
  const std::string& aws_message() const { return detail_.message; }
  const std::string& request_id() const { return detail_.request_id; }
  long status() const { return detail_.status; }
  // True for the not-found codes (EntityNotFoundException, NoSuchKey, ...).
  bool not_found() const;
  bool already_exists() const;

 private:
  AwsErrorDetail detail_;
};

// Whether an error code or HTTP status is worth retrying.
bool is_retryable_aws_error(std::string_view code, long status);
common::ErrorKind aws_error_kind(std::string_view code, long status);

// Reads the error code, message and request id out of an error response of
// any of the three protocols (JSON __type/message, XML <Code>/<Message>, or a
// bodiless HEAD answer where only the status speaks).
AwsErrorDetail parse_aws_error(AwsService service, std::string_view operation, long status,
                               const std::map<std::string, std::string>& headers,
                               std::string_view body);

}  // namespace larkbase::aws
