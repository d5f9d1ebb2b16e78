#include "connector/parallel_reader.hpp"

#include <algorithm>

namespace larkbase::connector {

ParallelReader::ParallelReader(std::vector<Split> splits, ReaderFactory factory, int streams,
                               common::CallStats& stats, common::CallStatsSnapshot start)
    : splits_(std::move(splits)),
      factory_(std::move(factory)),
      streams_(static_cast<size_t>(std::max(streams, 1))),
      call_stats_(stats),
      start_(start) {
  launch_more();
}

ParallelReader::~ParallelReader() {
  cancelled_ = true;
  // Each future's destructor waits for its stream; errors are dropped (nobody
  // reads this scan any more).
  for (auto& future : in_flight_) {
    if (future.valid()) future.wait();
  }
}

ParallelReader::Chunk ParallelReader::read_split(size_t index) {
  Chunk chunk;
  auto reader = factory_(splits_[index]);
  while (!cancelled_) {
    auto batch = reader->next();
    if (!batch) break;
    chunk.batches.push_back(std::move(*batch));
  }
  chunk.stats = reader->stats();
  return chunk;
}

void ParallelReader::launch_more() {
  while (in_flight_.size() < streams_ && next_split_ < splits_.size()) {
    size_t index = next_split_++;
    in_flight_.push_back(
        std::async(std::launch::async, [this, index] { return read_split(index); }));
  }
}

std::optional<columnar::RecordBatch> ParallelReader::next() {
  if (failure_) std::rethrow_exception(failure_);
  while (true) {
    if (current_ && current_batch_ < current_->batches.size()) {
      return std::move(current_->batches[current_batch_++]);
    }
    current_.reset();
    if (in_flight_.empty()) return std::nullopt;
    try {
      Chunk chunk = in_flight_.front().get();
      in_flight_.pop_front();
      finished_.add(chunk.stats);
      current_ = std::move(chunk);
      current_batch_ = 0;
      launch_more();
    } catch (...) {
      in_flight_.pop_front();
      cancelled_ = true;
      failure_ = std::current_exception();
      std::rethrow_exception(failure_);
    }
  }
}

ReadStats ParallelReader::stats() const {
  ReadStats stats = finished_;
  auto delta = call_stats_.snapshot() - start_;
  stats.calls = delta.calls;
  stats.retries = delta.retries;
  return stats;
}

}  // namespace larkbase::connector
