// The SQL oracle under each of the emulator's switchable search semantics: how
// Lark reads a pushed filter must never change the rows (see oracle.hpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "oracle.hpp"

namespace larkbase::sqlite::oracle {
namespace {

struct SemanticsCase {
  std::string name;
  std::vector<std::string> flags;  // emulator flags beyond --demo --rows
};

class OracleUnder : public ::testing::TestWithParam<SemanticsCase> {};

TEST_P(OracleUnder, ProductAnswersAsPlainSqlite) {
  expect_product_agrees_with_oracle(GetParam().flags);
}

INSTANTIATE_TEST_SUITE_P(
    EmulatorSemantics, OracleUnder,
    ::testing::Values(SemanticsCase{"CaseSensitiveText", {"--text-case", "sensitive"}},
                      SemanticsCase{"MultiValueIsAny", {"--multi-value-is", "any"}},
                      SemanticsCase{"MultiValueIsAll", {"--multi-value-is", "all"}},
                      SemanticsCase{"DayBoundaryStart", {"--day-boundary", "start"}},
                      SemanticsCase{"TimeZonePlus14", {"--time-zone", "+14:00"}},
                      SemanticsCase{"TimeZoneMinus10", {"--time-zone", "-10:00"}},
                      SemanticsCase{"EmptyCellsSortFirst", {"--empty-sort", "first"}}),
    [](const ::testing::TestParamInfo<SemanticsCase>& info) { return info.param.name; });

}  // namespace
}  // namespace larkbase::sqlite::oracle
