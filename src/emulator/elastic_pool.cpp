#include "emulator/elastic_pool.hpp"

#include <algorithm>

namespace larkbase::emulator {

ElasticPool::ElasticPool(size_t base, size_t max) : max_(std::max({base, max, size_t(1)})) {
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < std::max(base, size_t(1)); ++i) spawn();
}

ElasticPool::~ElasticPool() { shutdown(); }

void ElasticPool::spawn() {
  threads_.emplace_back([this] { work(); });
}

void ElasticPool::enqueue(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
    // Every idle thread already has a job waiting for it: add one.
    if (!stopping_ && jobs_.size() > idle_ && threads_.size() < max_) spawn();
  }
  wake_.notify_one();
}

void ElasticPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (auto& thread : threads) thread.join();
}

void ElasticPool::work() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ++idle_;
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      --idle_;
      if (jobs_.empty()) return;  // stopping, nothing left to serve
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

}  // namespace larkbase::emulator
