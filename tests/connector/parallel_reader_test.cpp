// ParallelReader with scripted split readers (no Lark): every batch of every
// split arrives exactly once whatever the number of streams and splits, at most
// about two batches per stream are held ahead of the consumer, stats count the
// pages of splits still being read, the first failure fails the scan, and abandoning a scan midway
// returns promptly.
#include "connector/parallel_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>

namespace larkbase::connector {
namespace {

// Counts the batches made and taken, to bound what is held in between.
struct Flow {
  std::atomic<int64_t> produced{0};
  std::atomic<int64_t> consumed{0};
  std::atomic<int64_t> most_held{0};

  void made() {
    int64_t held = ++produced - consumed.load();
    int64_t most = most_held.load();
    while (held > most && !most_held.compare_exchange_weak(most, held)) {
    }
  }
};

// Split i yields `batches_per_split` batches whose num_rows is i * 1000 + j,
// or throws at its second batch when i == failing.
class ScriptedReader final : public BatchReader {
 public:
  ScriptedReader(int split, int batches, int failing, Flow& flow)
      : split_(split), batches_(batches), failing_(failing), flow_(flow) {}

  std::optional<columnar::RecordBatch> next() override {
    if (next_ == batches_) return std::nullopt;
    if (split_ == failing_ && next_ == 1) throw std::runtime_error("split 3 failed");
    columnar::RecordBatch batch;
    batch.num_rows = split_ * 1000 + next_++;
    flow_.made();
    return batch;
  }
  ReadStats stats() const override {
    ReadStats stats;
    stats.pages = uint64_t(next_);  // a page per batch made so far
    return stats;
  }

 private:
  int split_;
  int batches_;
  int failing_;
  Flow& flow_;
  int next_ = 0;
};

std::vector<Split> splits_named(int count) {
  std::vector<Split> splits(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) splits[size_t(i)].table = std::to_string(i);
  return splits;
}

std::unique_ptr<ParallelReader> reader_over(int splits, int batches, int streams, Flow& flow,
                                            common::CallStats& stats, int failing = -1) {
  auto factory = [batches, failing, &flow](const Split& split) {
    return std::make_unique<ScriptedReader>(std::stoi(split.table), batches, failing, flow);
  };
  return std::make_unique<ParallelReader>(splits_named(splits), factory, streams, stats,
                                          stats.snapshot());
}

TEST(ParallelReader, EveryBatchOfEverySplitArrivesExactlyOnce) {
  // Many small runs: splits that end at once race the start of the others.
  for (int round = 0; round < 40; ++round) {
    for (int streams : {1, 2, 4, 8}) {
      for (int splits : {0, 1, 3, 9}) {
        for (int batches : {0, 1, 3}) {
          Flow flow;
          common::CallStats stats;
          auto reader = reader_over(splits, batches, streams, flow, stats);
          std::vector<int64_t> seen;
          while (auto batch = reader->next()) seen.push_back(batch->num_rows);
          std::vector<int64_t> expected;
          for (int s = 0; s < splits; ++s) {
            for (int b = 0; b < batches; ++b) expected.push_back(s * 1000 + b);
          }
          std::sort(seen.begin(), seen.end());
          ASSERT_EQ(seen, expected) << streams << " streams, " << splits << " splits";
          ASSERT_EQ(reader->stats().pages, uint64_t(splits * batches));
        }
      }
    }
  }
}

TEST(ParallelReader, HoldsAtMostTwoBatchesPerStreamAheadOfTheConsumer) {
  Flow flow;
  common::CallStats stats;
  const int streams = 4;
  auto reader = reader_over(16, 50, streams, flow, stats);
  int64_t rows = 0;
  while (auto batch = reader->next()) {
    ++flow.consumed;
    ++rows;
  }
  EXPECT_EQ(rows, 16 * 50);
  // The queue holds `streams` batches; each stream may hold one more while it
  // waits for room, plus the one just made before it counted as consumed.
  EXPECT_LE(flow.most_held.load(), 2 * streams + 1);
}

TEST(ParallelReader, StatsCountThePagesOfSplitsStillBeingRead) {
  Flow flow;
  common::CallStats stats;
  // 2 streams hold at most 5 batches ahead: no split of 10 batches has ended
  // when the first batch is taken, yet its page was spent and must be counted
  // (a snapshot's page budget and --explain read these stats mid-scan).
  auto reader = reader_over(4, 10, 2, flow, stats);
  ASSERT_TRUE(reader->next().has_value());
  auto pages = reader->stats().pages;
  EXPECT_GE(pages, 1u);
  EXPECT_LE(pages, uint64_t(flow.produced.load()));
}

TEST(ParallelReader, TheFirstFailureFailsTheScan) {
  Flow flow;
  common::CallStats stats;
  auto reader = reader_over(8, 5, 3, flow, stats, /*failing=*/3);
  std::string message;
  try {
    while (reader->next()) {
    }
  } catch (const std::runtime_error& error) {
    message = error.what();
  }
  EXPECT_EQ(message, "split 3 failed");
  EXPECT_THROW(reader->next(), std::runtime_error);  // and stays failed
}

TEST(ParallelReader, AnAbandonedScanStopsItsStreams) {
  Flow flow;
  common::CallStats stats;
  auto reader = reader_over(64, 100, 4, flow, stats);
  ASSERT_TRUE(reader->next().has_value());
  reader.reset();  // the destructor returns once every stream has stopped
  EXPECT_LT(flow.produced.load(), 64 * 100);
}

}  // namespace
}  // namespace larkbase::connector
