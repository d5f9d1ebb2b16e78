#pragma once
// The differential check shared by the default-semantics test and the test that
// repeats it under each of the emulator's switchable search semantics.
#include <string>
#include <vector>

namespace larkbase::sqlite::testing {

// Starts a demo emulator with `emulator_flags`, runs the generated query set
// (at least 200 queries) with pushdown on and off, and expects identical rows.
void expect_pushdown_changes_no_row(const std::vector<std::string>& emulator_flags);

}  // namespace larkbase::sqlite::testing
