#pragma once
// The SQL oracle: a generated query set answered by plain SQLite over the raw
// API rows (oracle_dataset.hpp) and by the product with pushdown on and off;
// every answer must be the oracle's.
#include <string>
#include <vector>

namespace larkbase::sqlite::oracle {

// Starts a demo emulator with `emulator_flags`, loads the oracle, runs the
// query set and expects the product to give the oracle's rows.
void expect_product_agrees_with_oracle(const std::vector<std::string>& emulator_flags);

}  // namespace larkbase::sqlite::oracle
