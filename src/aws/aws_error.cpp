#include "aws/aws_error.hpp"

#include <fmt/format.h>

#include <array>

#include "aws/xml_document.hpp"
#include "common/json.hpp"

namespace larkbase::aws {
namespace {

constexpr std::array<std::string_view, 14> kThrottlingCodes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "RequestThrottled",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "SlowDown",
    "TransactionInProgressException",
    "InternalFailure",
    "InternalError",
    "InternalServiceException",
    "ServiceUnavailable"};

// Codes the caller can act on: wrong names, missing objects, denied access,
// bad credentials, invalid input.
constexpr std::array<std::string_view, 22> kUserCodes = {"AccessDenied",
                                                         "AccessDeniedException",
                                                         "UnrecognizedClientException",
                                                         "InvalidClientTokenId",
                                                         "InvalidAccessKeyId",
                                                         "SignatureDoesNotMatch",
                                                         "ExpiredToken",
                                                         "ExpiredTokenException",
                                                         "MissingAuthenticationToken",
                                                         "IncompleteSignature",
                                                         "ValidationException",
                                                         "InvalidParameterException",
                                                         "InvalidParameterValue",
                                                         "InvalidRequestException",
                                                         "InvalidInputException",
                                                         "EntityNotFoundException",
                                                         "ResourceNotFoundException",
                                                         "NoSuchKey",
                                                         "NoSuchBucket",
                                                         "NotFound",
                                                         "AlreadyExistsException",
                                                         "InvalidRange"};

template <size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view code) {
  for (auto item : list) {
    if (item == code) return true;
  }
  return false;
}

// "com.amazonaws.glue#EntityNotFoundException" or
// "EntityNotFoundException:http://internal..." -> "EntityNotFoundException".
std::string clean_code(std::string_view code) {
  if (auto hash = code.rfind('#'); hash != std::string_view::npos) code.remove_prefix(hash + 1);
  if (auto colon = code.find(':'); colon != std::string_view::npos) code = code.substr(0, colon);
  return std::string(code);
}

std::string header(const std::map<std::string, std::string>& headers, const char* name) {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::string status_code_name(long status) {
  switch (status) {
    case 301:
      return "PermanentRedirect";
    case 400:
      return "BadRequest";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 429:
      return "TooManyRequestsException";
    case 503:
      return "ServiceUnavailable";
    default:
      return status >= 500 ? "InternalError" : fmt::format("HTTP{}", status);
  }
}

std::string remedy(std::string_view code) {
  if (code.starts_with("AccessDenied") || code == "Forbidden") {
    return "; check the IAM permissions of the credentials in use";
  }
  if (code == "UnrecognizedClientException" || code == "InvalidClientTokenId" ||
      code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" ||
      code.starts_with("ExpiredToken")) {
    return "; check the AWS credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, "
           "AWS_SESSION_TOKEN or AWS_PROFILE) and the region";
  }
  if (code == "MissingAuthenticationToken") return "; the request was not signed";
  return "";
}

std::string compose(const AwsErrorDetail& detail) {
  std::string text =
      fmt::format("AWS {} {} failed: {}", detail.service, detail.operation, detail.code);
  if (!detail.message.empty()) text += ": " + detail.message;
  text += fmt::format(" (HTTP {}, request id {})", detail.status,
                      detail.request_id.empty() ? "none" : detail.request_id);
  return text + remedy(detail.code);
}

}  // namespace

bool is_retryable_aws_error(std::string_view code, long status) {
  return status >= 500 || status == 429 || contains(kThrottlingCodes, code);
}

common::ErrorKind aws_error_kind(std::string_view code, long status) {
  if (is_retryable_aws_error(code, status)) return common::ErrorKind::kExternal;
  if (contains(kUserCodes, code) || code == "Forbidden") return common::ErrorKind::kUser;
  return common::ErrorKind::kExternal;
}

AwsError::AwsError(AwsErrorDetail detail)
    : common::Error(aws_error_kind(detail.code, detail.status), compose(detail),
                    is_retryable_aws_error(detail.code, detail.status)),
      detail_(std::move(detail)) {}

bool AwsError::not_found() const {
  const auto& c = detail_.code;
  return c == "EntityNotFoundException" || c == "ResourceNotFoundException" || c == "NoSuchKey" ||
         c == "NoSuchBucket" || c == "NotFound";
}

bool AwsError::already_exists() const {
  return detail_.code == "AlreadyExistsException" || detail_.code == "BucketAlreadyOwnedByYou" ||
         detail_.code == "ResourceExistsException";
}

AwsErrorDetail parse_aws_error(AwsService service, std::string_view operation, long status,
                               const std::map<std::string, std::string>& headers,
                               std::string_view body) {
  AwsErrorDetail detail;
  detail.service = std::string(service_names(service).display);
  detail.operation = std::string(operation);
  detail.status = status;
  detail.request_id = header(headers, "x-amzn-requestid");
  if (detail.request_id.empty()) detail.request_id = header(headers, "x-amz-request-id");
  std::string_view trimmed = body;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) {
    trimmed.remove_prefix(1);
  }
  try {
    if (trimmed.starts_with("{")) {
      common::Json json = common::parse_json(trimmed, "AWS error response");
      detail.code = clean_code(json.value("__type", json.value("code", std::string())));
      detail.message = json.value("message", json.value("Message", std::string()));
    } else if (trimmed.starts_with("<")) {
      XmlElement root = parse_xml(trimmed, "AWS error response");
      if (const XmlElement* error = root.find("Error")) {
        detail.code = error->child_text("Code");
        detail.message = error->child_text("Message");
      }
      if (const XmlElement* id = root.find("RequestId"); id && detail.request_id.empty()) {
        detail.request_id = id->text;
      }
    }
  } catch (const common::Error&) {
    // An unreadable error body (a proxy's HTML page, say) still gets a code
    // from its status below.
  }
  if (detail.code.empty()) detail.code = clean_code(header(headers, "x-amzn-errortype"));
  if (detail.code.empty()) detail.code = status_code_name(status);
  return detail;
}

}  // namespace larkbase::aws
