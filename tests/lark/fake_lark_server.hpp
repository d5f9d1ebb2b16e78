#pragma once
// A tiny in-test Lark Open API on a real socket (cpp-httplib on 127.0.0.1 and a
// free port): a token endpoint with a real credential check, and a scripted
// handler for every other /open-apis path. It records every request, including
// the client's port, so tests can see how many TCP connections were used.
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace larkbase::testing {

inline constexpr const char* kTestAppId = "cli_testapp";
inline constexpr const char* kTestSecret = "S3cr3t-Never-Logged-42";

struct Reply {
  Reply() = default;
  Reply(int status_, std::string body_, std::map<std::string, std::string> headers_ = {})
      : status(status_), body(std::move(body_)), headers(std::move(headers_)) {}

  int status = 200;
  std::string body = R"({"code":0,"msg":"success","data":{}})";
  std::map<std::string, std::string> headers;
  int delay_ms = 0;
};

struct SeenRequest {
  std::string method;
  std::string path;
  std::multimap<std::string, std::string> params;
  std::string body;
  std::string authorization;
  int remote_port = 0;

  std::string param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? "" : it->second;
  }
};

class FakeLarkServer {
 public:
  using Handler = std::function<Reply(const SeenRequest&)>;

  FakeLarkServer() {
    auto route = [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); };
    server_.Get(R"(/open-apis/.*)", route);
    server_.Post(R"(/open-apis/.*)", route);
    // Keep connections open for many requests (httplib closes after 5 by
    // default), so the test can see whether the client reuses them.
    server_.set_keep_alive_max_count(1000);
    server_.set_socket_options([](int sock) {
      httplib::default_socket_options(sock);
      int one = 1;  // answer without Nagle's delay
      setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeLarkServer() {
    server_.stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

  void set_handler(Handler handler) {
    std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
  }
  void set_token_expire(int seconds) { token_expire_ = seconds; }
  // Every token issued so far stops being accepted.
  void revoke_tokens() {
    std::lock_guard lock(mutex_);
    valid_tokens_.clear();
  }

  std::vector<SeenRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  // Business requests only (the token endpoint excluded).
  std::vector<SeenRequest> api_requests() const {
    std::vector<SeenRequest> out;
    for (auto& request : requests()) {
      if (request.path.find("tenant_access_token") == std::string::npos) out.push_back(request);
    }
    return out;
  }
  int tokens_issued() const { return tokens_issued_; }
  std::set<int> client_ports() const {
    std::set<int> ports;
    for (auto& request : requests()) ports.insert(request.remote_port);
    return ports;
  }

 private:
  void serve(const httplib::Request& req, httplib::Response& res) {
    SeenRequest seen{req.method,     req.path, {}, req.body, req.get_header_value("Authorization"),
                     req.remote_port};
    for (auto& [name, value] : req.params) seen.params.emplace(name, value);
    Handler handler;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(seen);
      handler = handler_;
    }
    Reply reply;
    if (req.path == "/open-apis/auth/v3/tenant_access_token/internal") {
      reply = issue_token(req.body);
    } else if (!token_valid(seen.authorization)) {
      reply = Reply{200, R"({"code":99991663,"msg":"Invalid access token for authorization"})"};
    } else if (handler) {
      reply = handler(seen);
    }
    if (reply.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(reply.delay_ms));
    res.status = reply.status;
    for (auto& [name, value] : reply.headers) res.set_header(name, value);
    res.set_content(reply.body, "application/json");
  }

  Reply issue_token(const std::string& body) {
    bool ok = body.find(std::string("\"") + kTestAppId + "\"") != std::string::npos &&
              body.find(std::string("\"") + kTestSecret + "\"") != std::string::npos;
    if (!ok) return Reply{200, R"({"code":10014,"msg":"app secret invalid"})"};
    std::string token = "t-issued-token-" + std::to_string(++tokens_issued_);
    {
      std::lock_guard lock(mutex_);
      valid_tokens_.insert(token);
    }
    return Reply{200, R"({"code":0,"msg":"ok","tenant_access_token":")" + token + R"(","expire":)" +
                          std::to_string(token_expire_.load()) + "}"};
  }

  bool token_valid(const std::string& authorization) {
    std::lock_guard lock(mutex_);
    return authorization.starts_with("Bearer ") && valid_tokens_.count(authorization.substr(7)) > 0;
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  Handler handler_;
  std::vector<SeenRequest> requests_;
  std::set<std::string> valid_tokens_;
  std::atomic<int> tokens_issued_{0};
  std::atomic<int> token_expire_{7200};
};

}  // namespace larkbase::testing
