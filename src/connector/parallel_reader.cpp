#include "connector/parallel_reader.hpp"

#include <algorithm>

namespace larkbase::connector {

namespace {

ParallelReader::SplitMaker maker_over(std::shared_ptr<const std::vector<Split>> made) {
  return [made](size_t index) -> std::optional<Split> { return (*made)[index]; };
}

}  // namespace

ParallelReader::ParallelReader(std::vector<Split> splits, ReaderFactory factory, int streams,
                               common::CallStats& stats, common::CallStatsSnapshot start)
    : ParallelReader(std::make_shared<const std::vector<Split>>(std::move(splits)),
                     std::move(factory), streams, stats, start) {}

ParallelReader::ParallelReader(std::shared_ptr<const std::vector<Split>> splits,
                               ReaderFactory factory, int streams, common::CallStats& stats,
                               common::CallStatsSnapshot start)
    : ParallelReader(splits->size(), maker_over(splits), std::move(factory), streams, stats,
                     start) {}

ParallelReader::ParallelReader(size_t split_count, SplitMaker make_split, ReaderFactory factory,
                               int streams, common::CallStats& stats,
                               common::CallStatsSnapshot start)
    : split_count_(split_count),
      make_split_(std::move(make_split)),
      factory_(std::move(factory)),
      capacity_(static_cast<size_t>(std::max(streams, 1))),
      call_stats_(stats),
      start_(start) {
  // A local count: a stream that ends at once lowers running_ while the loop runs.
  const size_t streams_to_start = std::min(capacity_, split_count_);
  running_ = streams_to_start;
  threads_.reserve(streams_to_start);
  for (size_t i = 0; i < streams_to_start; ++i) threads_.emplace_back([this] { run_stream(); });
}

ParallelReader::~ParallelReader() {
  {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }
  changed_.notify_all();
  // A stream in the middle of a call finishes that call, then sees the flag.
  for (auto& thread : threads_) thread.join();
}

void ParallelReader::run_stream() {
  while (true) {
    size_t index = 0;
    {
      std::lock_guard lock(mutex_);
      if (cancelled_ || next_split_ == split_count_) break;
      index = next_split_++;
    }
    try {
      if (!read_split(index)) break;
    } catch (...) {
      fail(std::current_exception());
      break;
    }
  }
  {
    std::lock_guard lock(mutex_);
    --running_;
  }
  changed_.notify_all();
}

bool ParallelReader::read_split(size_t index) {
  std::optional<Split> split = make_split_(index);
  if (!split) return true;
  auto reader = factory_(*split);
  split.reset();  // the reader keeps what it needs
  while (auto batch = reader->next()) {
    if (!push(std::move(*batch), index, reader->stats())) return false;
  }
  std::lock_guard lock(mutex_);
  in_flight_.erase(index);
  finished_.add(reader->stats());
  return true;
}

bool ParallelReader::push(columnar::RecordBatch batch, size_t index, const ReadStats& progress) {
  std::unique_lock lock(mutex_);
  in_flight_[index] = progress;
  changed_.wait(lock, [this] { return cancelled_ || queue_.size() < capacity_; });
  if (cancelled_) return false;
  queue_.push_back(std::move(batch));
  lock.unlock();
  changed_.notify_all();
  return true;
}

void ParallelReader::fail(std::exception_ptr error) {
  {
    std::lock_guard lock(mutex_);
    if (!failure_) failure_ = std::move(error);
    cancelled_ = true;
  }
  changed_.notify_all();
}

std::optional<columnar::RecordBatch> ParallelReader::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return failure_ || !queue_.empty() || running_ == 0; });
  if (failure_) std::rethrow_exception(failure_);
  if (queue_.empty()) return std::nullopt;
  auto batch = std::move(queue_.front());
  queue_.pop_front();
  lock.unlock();
  changed_.notify_all();
  return batch;
}

ReadStats ParallelReader::stats() const {
  ReadStats stats;
  {
    std::lock_guard lock(mutex_);
    stats = finished_;
    for (const auto& [index, progress] : in_flight_) stats.add(progress);
  }
  auto delta = call_stats_.snapshot() - start_;
  stats.calls = delta.calls;
  stats.retries = delta.retries;
  return stats;
}

}  // namespace larkbase::connector
