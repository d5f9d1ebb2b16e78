// The differential check under each of the emulator's switchable search
// semantics (text case, `is` on multi-valued cells, day boundaries, the base's
// time zone, empty-cell order): the pushdown must be a superset whichever way
// Lark reads the filter, and the exact reader must then give the same rows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "differential.hpp"

namespace larkbase::sqlite::testing {
namespace {

struct SemanticsCase {
  std::string name;
  std::vector<std::string> flags;  // emulator flags beyond --demo --rows
};

class DifferentialUnder : public ::testing::TestWithParam<SemanticsCase> {};

TEST_P(DifferentialUnder, PushdownOnAndOffGiveTheSameRows) {
  expect_pushdown_changes_no_row(GetParam().flags);
}

INSTANTIATE_TEST_SUITE_P(
    EmulatorSemantics, DifferentialUnder,
    ::testing::Values(SemanticsCase{"CaseSensitiveText", {"--text-case", "sensitive"}},
                      SemanticsCase{"MultiValueIsAny", {"--multi-value-is", "any"}},
                      SemanticsCase{"MultiValueIsAll", {"--multi-value-is", "all"}},
                      SemanticsCase{"DayBoundaryStart", {"--day-boundary", "start"}},
                      SemanticsCase{"TimeZonePlus14", {"--time-zone", "+14:00"}},
                      SemanticsCase{"TimeZoneMinus10", {"--time-zone", "-10:00"}},
                      SemanticsCase{"EmptyCellsSortFirst", {"--empty-sort", "first"}}),
    [](const ::testing::TestParamInfo<SemanticsCase>& info) { return info.param.name; });

}  // namespace
}  // namespace larkbase::sqlite::testing
