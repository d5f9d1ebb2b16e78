#pragma once
// Deterministic demo dataset for the emulator: several Bases in one Drive folder,
// a control table, and a large "orders" table that exercises every Lark field type.
// Records are generated one by one into the sink so `rows` can be in the millions
// without holding the table in memory.
#include <cstdint>

#include "emulator/dataset.hpp"

namespace larkbase::emulator::demo {

struct DemoOptions {
  int64_t rows = 1000;  // records in Sales/orders; customers = max(50, rows / 10)
  uint64_t seed = 42;   // same seed and rows -> identical dataset
};

void generate_demo_dataset(const DemoOptions& options, DatasetSink& sink);

}  // namespace larkbase::emulator::demo
