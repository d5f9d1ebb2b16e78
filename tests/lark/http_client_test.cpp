#include "common/http_client.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "common/error.hpp"

namespace larkbase {
namespace {

class HttpServer {
 public:
  HttpServer() {
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.status = 201;
      res.set_header("X-Custom-Header", "  value  ");
      res.set_content(req.method + ":" + req.body + ":" + req.get_header_value("X-Test"),
                      "text/plain");
    });
    server_.Get("/status", [](const httplib::Request& req, httplib::Response& res) {
      res.status = std::stoi(req.get_param_value("code"));
      res.set_content("status", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~HttpServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

TEST(HttpClientTest, PostsBodyAndHeadersAndLowerCasesResponseHeaders) {
  HttpServer server;
  common::HttpClient client;
  auto response = client.send({"POST", server.url("/echo"), {{"X-Test", "yes"}}, "payload", {}});
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, "POST:payload:yes");
  EXPECT_EQ(response.headers.at("x-custom-header"), "value");
  EXPECT_EQ(response.header("X-CUSTOM-HEADER"), "value");
  EXPECT_EQ(response.header("absent"), "");
}

TEST(HttpClientTest, ErrorStatusesAreReturnedNotThrown) {
  HttpServer server;
  common::HttpClient client;
  EXPECT_EQ(client.send({"GET", server.url("/status?code=503"), {}, "", {}}).status, 503);
  EXPECT_EQ(client.send({"GET", server.url("/status?code=404"), {}, "", {}}).status, 404);
}

TEST(HttpClientTest, RefusedConnectionIsRetryableAndNamesTheHost) {
  int port;
  {
    HttpServer server;  // take a free port, then close it
    port = server.port();
  }
  common::HttpClient client;
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/x";
  try {
    client.send({"GET", url, {}, "", {}});
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    EXPECT_TRUE(error.retryable());
    EXPECT_NE(std::string(error.what()).find("127.0.0.1:" + std::to_string(port)),
              std::string::npos)
        << error.what();
  }
}

TEST(HttpClientTest, ConcurrentRequestsFromManyThreads) {
  HttpServer server;
  common::HttpClient client;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::string body = std::to_string(t) + "-" + std::to_string(i);
        auto response = client.send({"POST", server.url("/echo"), {}, body, {}});
        if (response.body == "POST:" + body + ":") ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 60);
}

TEST(UrlTest, HostAndEncoding) {
  EXPECT_EQ(common::url_host("https://open.feishu.cn/open-apis/x?y=1"), "open.feishu.cn");
  EXPECT_EQ(common::url_host("http://user:pw@127.0.0.1:8080/p"), "127.0.0.1:8080");
  EXPECT_EQ(common::url_encode("a b/c=d&é"), "a%20b%2Fc%3Dd%26%C3%A9");
  EXPECT_EQ(common::url_encode("AZaz09-_.~"), "AZaz09-_.~");
}

}  // namespace
}  // namespace larkbase
