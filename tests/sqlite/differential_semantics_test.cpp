// The differential check under each of the emulator's switchable search
// semantics (text case, `is` on multi-valued cells, day boundaries, the base's
// time zone, empty-cell order): the pushdown must be a superset whichever way
// Lark reads the filter, and the exact reader must then give the same rows.
#include <gtest/gtest.h>

#include "differential.hpp"
#include "emulator_semantics.hpp"

namespace larkbase::sqlite::testing {
namespace {

using larkbase::testing::SemanticsCase;

class DifferentialUnder : public ::testing::TestWithParam<SemanticsCase> {};

TEST_P(DifferentialUnder, PushdownOnAndOffGiveTheSameRows) {
  expect_pushdown_changes_no_row(GetParam().flags);
}

INSTANTIATE_TEST_SUITE_P(EmulatorSemantics, DifferentialUnder,
                         ::testing::ValuesIn(larkbase::testing::emulator_semantics()),
                         larkbase::testing::semantics_name);

}  // namespace
}  // namespace larkbase::sqlite::testing
