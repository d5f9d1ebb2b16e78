#pragma once
// A small blocking HTTP client on libcurl. Easy handles are pooled so that
// connections (and TLS sessions) are kept alive and reused across calls and
// threads; every request has a connect timeout and a total timeout, because a
// remote call that can hang forever turns into a Lambda that times out silently.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace larkbase::common {

// AWS Signature Version 4 done by libcurl (CURLOPT_AWS_SIGV4). libcurl signs
// the host, x-amz-date and every header of the request (x-amz-security-token,
// x-amz-content-sha256 included), so callers add those as ordinary headers.
struct AwsSigV4 {
  std::string provider;  // "aws:amz:<region>:<service>"
  std::string access_key_id;
  std::string secret_access_key;
};

struct HttpRequest {
  std::string method = "GET";  // "HEAD" asks for no body
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::optional<AwsSigV4> aws_sigv4;
};

struct HttpResponse {
  long status = 0;
  // Names are lower-cased; a repeated header keeps its last value.
  std::map<std::string, std::string> headers;
  std::string body;

  // The value of a header (name in any case), or "" when absent.
  std::string header(std::string_view name) const;
};

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds timeout{60000};
  // Idle easy handles kept for reuse (each keeps its own live connections).
  size_t max_idle_handles = 8;
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends the request and returns whatever status the server answered. A
  // transport failure (DNS, connect, TLS, timeout, reset) throws
  // ExternalError(retryable=true) naming the host and the curl error.
  HttpResponse send(const HttpRequest& request);
  // As above, with the total timeout of this one request cut to `timeout` when
  // that is shorter than the client's (a caller's remaining time budget).
  HttpResponse send(const HttpRequest& request, std::chrono::milliseconds timeout);

  const HttpClientOptions& options() const { return options_; }

 private:
  class HandlePool;
  HttpClientOptions options_;
  std::unique_ptr<HandlePool> pool_;
};

// "https://open.feishu.cn:443/open-apis/x?y" -> "open.feishu.cn:443".
std::string url_host(std::string_view url);

// Percent-encodes a query-string component (RFC 3986 unreserved kept).
std::string url_encode(std::string_view text);

}  // namespace larkbase::common
