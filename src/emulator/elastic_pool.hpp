#pragma once
// The emulator's HTTP worker pool: httplib serves each connection on one pool
// thread for as long as the connection lives, so a fixed pool lets a few
// stalled clients (half-sent requests, idle keep-alive sockets) hold every
// thread and delay everyone else until their read timeouts. This pool starts
// with `base` threads and adds one whenever a connection arrives while none is
// idle, up to `max`: a stalled client then holds only its own thread, which the
// server's read timeout gives back.
#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace larkbase::emulator {

class ElasticPool final : public httplib::TaskQueue {
 public:
  ElasticPool(size_t base, size_t max);
  ~ElasticPool() override;
  ElasticPool(const ElasticPool&) = delete;
  ElasticPool& operator=(const ElasticPool&) = delete;

  void enqueue(std::function<void()> job) override;
  void shutdown() override;

 private:
  void spawn();  // mutex held
  void work();

  const size_t max_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  size_t idle_ = 0;
  bool stopping_ = false;
};

}  // namespace larkbase::emulator
