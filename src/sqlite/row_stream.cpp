#include "sqlite/row_stream.hpp"

#include "sqlite/scan_log.hpp"

namespace larkbase::sqlite {

RowStream::RowStream(connector::Connector& connector, std::vector<connector::Split> splits)
    : connector_(connector), splits_(std::move(splits)) {
  load_batch();
}

RowStream::RowStream(connector::Connector& connector,
                     std::unique_ptr<connector::BatchReader> reader)
    : connector_(connector), reader_(std::move(reader)) {
  load_batch();
}

void RowStream::next() {
  if (eof()) return;
  if (++row_ < batch_->num_rows) return;
  load_batch();
}

// Moves to the next batch with rows, opening split readers as needed.
void RowStream::load_batch() {
  batch_.reset();
  row_ = 0;
  while (true) {
    if (!reader_) {
      if (next_split_ >= splits_.size()) return;
      reader_ = connector_.read(splits_[next_split_++]);
    }
    auto batch = reader_->next();
    if (batch && batch->num_rows > 0) {
      batch_ = std::move(batch);
      return;
    }
    if (!batch) {
      finished_.add(reader_->stats());
      reader_.reset();
    }
  }
}

connector::ReadStats RowStream::stats() const {
  connector::ReadStats total = finished_;
  if (reader_) total.add(reader_->stats());
  return total;
}

}  // namespace larkbase::sqlite
