#pragma once
// Reads several splits of one scan concurrently. `streams` worker threads each
// take the next unread split and read it page by page with its own reader; all
// calls share the client's rate limiter, so the streams together stay within
// the API limit. Batches are handed to next() in the order they are ready, not
// in split order: a scan's rows have no order (the splits come from a scan with
// no sort), and waiting for split order would mean holding whole splits.
//
// Memory is bounded by the work in flight, not by the table: at most
// `streams` finished batches wait in the queue (a stream blocks when it is
// full), plus the page each stream is reading. A split is made only when a
// stream takes it: a cut of a million rows has hundreds of ranges, and each
// Split carries the table's schema and filter (about 10 KB), which held all at
// once grew the scan's memory with the table.
//
// The first failure of any split fails the scan (the error names the table):
// next() throws it even when batches are still queued, and the other streams
// stop at their next page.
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/call_stats.hpp"
#include "connector/connector.hpp"

namespace larkbase::connector {

class ParallelReader final : public BatchReader {
 public:
  using ReaderFactory = std::function<std::unique_ptr<BatchReader>(const Split&)>;
  // The split with this index (0 .. split_count-1), or nullopt when it needs no
  // read (a range that cannot match). Called on the stream that reads it.
  using SplitMaker = std::function<std::optional<Split>(size_t index)>;

  // `start` is a snapshot of `stats` taken before any call of this scan (a probe
  // included), so that stats().calls counts them all.
  ParallelReader(size_t split_count, SplitMaker make_split, ReaderFactory factory, int streams,
                 common::CallStats& stats, common::CallStatsSnapshot start);
  // Over splits that are already made.
  ParallelReader(std::vector<Split> splits, ReaderFactory factory, int streams,
                 common::CallStats& stats, common::CallStatsSnapshot start);
  ~ParallelReader() override;

  std::optional<columnar::RecordBatch> next() override;
  ReadStats stats() const override;

 private:
  // The splits already made, shared: their count and the maker are both taken
  // from it, whatever order the arguments are evaluated in.
  ParallelReader(std::shared_ptr<const std::vector<Split>> splits, ReaderFactory factory,
                 int streams, common::CallStats& stats, common::CallStatsSnapshot start);
  void run_stream();              // a worker: reads splits until none is left
  bool read_split(size_t index);  // false when the scan was cancelled
  // Waits for room; false when cancelled. `progress` is the stats of split
  // `index`'s reader so far (the batch's page counted).
  bool push(columnar::RecordBatch batch, size_t index, const ReadStats& progress);
  void fail(std::exception_ptr error);

  const size_t split_count_;
  const SplitMaker make_split_;
  const ReaderFactory factory_;
  const size_t capacity_;
  common::CallStats& call_stats_;
  const common::CallStatsSnapshot start_;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable changed_;
  std::deque<columnar::RecordBatch> queue_;
  size_t next_split_ = 0;
  size_t running_ = 0;  // streams that have not finished
  bool cancelled_ = false;
  std::exception_ptr failure_;
  ReadStats finished_;  // stats of the splits read to their end
  // Splits being read (or abandoned by a cancel): their stats as of their last
  // batch, so that stats() counts the pages of a scan its consumer stops early.
  std::map<size_t, ReadStats> in_flight_;

  std::vector<std::thread> threads_;
};

}  // namespace larkbase::connector
