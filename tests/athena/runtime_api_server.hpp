#pragma once
// A small stand-in for the Lambda Runtime API, for tests of the runtime loop:
// the test pushes events, the runtime under test takes them with GET
// /invocation/next (which blocks until an event is queued, as Lambda's does) and
// posts results, which the test waits for. After close(), /next answers HTTP 500,
// so the runtime's give-up path ends the process. Free port, 127.0.0.1 only.
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace larkbase::testing {

struct RuntimePost {
  std::string kind;  // "response" or "error" (or "init" for /init/error)
  std::string body;
  std::string error_type_header;  // Lambda-Runtime-Function-Error-Type
};

class RuntimeApiServer {
 public:
  RuntimeApiServer() {
    server_.Get("/2018-06-01/runtime/invocation/next",
                [this](const httplib::Request&, httplib::Response& res) { next(res); });
    server_.Post(R"(/2018-06-01/runtime/invocation/([^/]+)/(response|error))",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   if (req.matches[2] == "response" && req.body.size() > max_response_bytes_) {
                     res.status = 413;  // as Lambda refuses a response over its payload limit
                     return;
                   }
                   record(req.matches[1],
                          {req.matches[2], req.body,
                           req.get_header_value("Lambda-Runtime-Function-Error-Type")});
                   res.status = 202;
                 });
    server_.Post("/2018-06-01/runtime/init/error",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   record("init", {"init", req.body,
                                   req.get_header_value("Lambda-Runtime-Function-Error-Type")});
                   res.status = 202;
                 });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~RuntimeApiServer() {
    close();
    server_.stop();
    thread_.join();
  }
  RuntimeApiServer(const RuntimeApiServer&) = delete;
  RuntimeApiServer& operator=(const RuntimeApiServer&) = delete;

  // Responses larger than this are refused with HTTP 413, like Lambda's 6 MB limit.
  void set_max_response_bytes(size_t bytes) { max_response_bytes_ = bytes; }

  // AWS_LAMBDA_RUNTIME_API for the runtime under test.
  std::string api() const { return "127.0.0.1:" + std::to_string(port_); }

  // Queues an event; returns its request id. `deadline_ms` (Unix epoch ms) is the
  // invocation's Lambda-Runtime-Deadline-Ms; by default one far in the future.
  std::string push(std::string event, int64_t deadline_ms = 4102444800000) {
    std::lock_guard lock(mutex_);
    std::string id = "req-" + std::to_string(++counter_);
    queue_.push_back({id, std::move(event), deadline_ms});
    changed_.notify_all();
    return id;
  }

  // The post for `id` ("init" for the init error), or nullopt when none came
  // within the (generous) bound, which only guards a broken runtime from hanging.
  std::optional<RuntimePost> wait(const std::string& id) {
    std::unique_lock lock(mutex_);
    const bool arrived =
        changed_.wait_for(lock, std::chrono::seconds(60), [&] { return posts_.count(id) > 0; });
    if (!arrived) return std::nullopt;
    return posts_.at(id);
  }

  // Push then wait.
  std::optional<RuntimePost> call(std::string event) { return wait(push(std::move(event))); }

  // From now on /next fails (the runtime gives up and exits).
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }

  int refused_next_calls() {
    std::lock_guard lock(mutex_);
    return refused_;
  }
  std::vector<RuntimePost> all_posts() {
    std::lock_guard lock(mutex_);
    std::vector<RuntimePost> out;
    for (const auto& [id, post] : posts_) out.push_back(post);
    return out;
  }

 private:
  void next(httplib::Response& res) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !queue_.empty() || closed_; });
    if (queue_.empty()) {
      ++refused_;
      res.status = 500;
      res.set_content(R"({"errorType":"Closed"})", "application/json");
      return;
    }
    auto [id, event, deadline_ms] = std::move(queue_.front());
    queue_.pop_front();
    res.set_header("Lambda-Runtime-Aws-Request-Id", id);
    res.set_header("Lambda-Runtime-Deadline-Ms", std::to_string(deadline_ms));
    res.set_header("Lambda-Runtime-Invoked-Function-Arn",
                   "arn:aws:lambda:us-east-1:111122223333:function:larkbase");
    res.set_header("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
    res.set_content(event, "application/json");
  }

  void record(const std::string& id, RuntimePost post) {
    std::lock_guard lock(mutex_);
    posts_[id] = std::move(post);
    changed_.notify_all();
  }

  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  struct Event {
    std::string id;
    std::string event;
    int64_t deadline_ms;
  };
  std::deque<Event> queue_;
  std::map<std::string, RuntimePost> posts_;
  bool closed_ = false;
  size_t max_response_bytes_ = 6 * 1024 * 1024;
  int refused_ = 0;
  int counter_ = 0;
};

}  // namespace larkbase::testing
