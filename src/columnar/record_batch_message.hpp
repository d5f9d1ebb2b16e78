#pragma once
// One Arrow IPC record batch message laid out but not written: its size is known
// and its bytes are handed out in order, piece by piece (the framed metadata,
// then each body buffer where it lies, with its padding). A caller that turns the
// bytes into something else anyway (base64 in an Athena response) reads them
// straight from the batches, with no copy of the whole message in between.
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "columnar/ipc.hpp"
#include "columnar/record_batch.hpp"

namespace larkbase::columnar {

class RecordBatchMessage {
 public:
  // The rows of `parts` in order as one message (the bytes of
  // write_record_batch_message). The parts' buffers must outlive it.
  RecordBatchMessage(const std::vector<RecordBatch>& parts, IpcFraming framing);
  ~RecordBatchMessage();
  RecordBatchMessage(RecordBatchMessage&&) noexcept;
  RecordBatchMessage& operator=(RecordBatchMessage&&) noexcept;

  size_t size() const;
  // Calls `sink` with the message's bytes, in order.
  void write(const std::function<void(std::string_view)>& sink) const;

 private:
  struct Layout;
  std::unique_ptr<Layout> layout_;
};

}  // namespace larkbase::columnar
