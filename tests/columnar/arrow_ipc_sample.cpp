// Writes the sample batch (tests/columnar/sample_batch.cpp) as Arrow IPC on stdout,
// for tests/node/arrow_reader.test.mjs:
//   arrow_ipc_sample stream   schema + full batch + rows [2, 4) as a slice + an empty
//                             batch + end-of-stream marker (continuation framing, V5)
//   arrow_ipc_sample legacy   one schema message + one record batch message in the
//                             legacy framing (V4), as Athena serde v2 carries them
#include <cstdio>
#include <iostream>
#include <string>

#include "columnar/ipc.hpp"
#include "sample_batch.hpp"

int main(int argc, char** argv) {
  using namespace larkbase::columnar;
  const std::string mode = argc > 1 ? argv[1] : "";
  const RecordBatch batch = testing::sample_batch();
  std::string out;
  if (mode == "stream") {
    out = write_stream(*batch.schema, {batch, batch.slice(2, 2), batch.slice(4, 0)});
  } else if (mode == "legacy") {
    out = write_schema_message(*batch.schema, IpcFraming::kLegacy) +
          write_record_batch_message(batch, IpcFraming::kLegacy);
  } else {
    std::cerr << "usage: arrow_ipc_sample stream|legacy\n";
    return 2;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
