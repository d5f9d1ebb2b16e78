#pragma once
// The rows of a scan plan, one at a time: each split is read in turn, batch by
// batch. A reader's exception passes through unchanged (the cursor turns it into
// an SQLite error); the stream never reports a clean end after one.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "columnar/record_batch.hpp"
#include "connector/connector.hpp"

namespace larkbase::sqlite {

class RowStream {
 public:
  // Positions on the first row (or the end). `connector` must outlive the stream.
  RowStream(connector::Connector& connector, std::vector<connector::Split> splits);
  // The rows of one reader that is already open (a snapshot's).
  RowStream(connector::Connector& connector, std::unique_ptr<connector::BatchReader> reader);

  bool eof() const { return !batch_.has_value(); }
  const columnar::RecordBatch& batch() const { return *batch_; }
  int64_t row() const { return row_; }
  void next();

  // Counters of every reader opened so far.
  connector::ReadStats stats() const;

 private:
  void load_batch();

  connector::Connector& connector_;
  std::vector<connector::Split> splits_;
  size_t next_split_ = 0;
  std::unique_ptr<connector::BatchReader> reader_;
  std::optional<columnar::RecordBatch> batch_;
  int64_t row_ = 0;
  connector::ReadStats finished_;  // of readers already closed
};

}  // namespace larkbase::sqlite
