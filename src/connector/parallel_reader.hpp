#pragma once
// Reads several splits of one scan concurrently and returns their rows in split
// order. Up to `streams` splits are read at a time, each by its own reader
// (which also prefetches its next page); all calls share the client's rate
// limiter, so the streams together stay within the API limit. Memory is
// bounded by the splits in flight: at most streams + 1 splits' rows are held.
// The first failure of any split fails the scan (the error names the table);
// the other streams stop at their next page.
#include <atomic>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <vector>

#include "common/call_stats.hpp"
#include "connector/connector.hpp"

namespace larkbase::connector {

class ParallelReader final : public BatchReader {
 public:
  using ReaderFactory = std::function<std::unique_ptr<BatchReader>(const Split&)>;

  // `start` is a snapshot of `stats` taken before any call of this scan (a probe
  // included), so that stats().calls counts them all.
  ParallelReader(std::vector<Split> splits, ReaderFactory factory, int streams,
                 common::CallStats& stats, common::CallStatsSnapshot start);
  ~ParallelReader() override;

  std::optional<columnar::RecordBatch> next() override;
  ReadStats stats() const override;

 private:
  struct Chunk {
    std::vector<columnar::RecordBatch> batches;
    ReadStats stats;
  };
  void launch_more();
  Chunk read_split(size_t index);

  std::vector<Split> splits_;
  ReaderFactory factory_;
  size_t streams_;
  common::CallStats& call_stats_;
  common::CallStatsSnapshot start_;

  size_t next_split_ = 0;
  std::deque<std::future<Chunk>> in_flight_;
  std::optional<Chunk> current_;
  size_t current_batch_ = 0;
  ReadStats finished_;
  std::atomic<bool> cancelled_{false};
  std::exception_ptr failure_;
};

}  // namespace larkbase::connector
