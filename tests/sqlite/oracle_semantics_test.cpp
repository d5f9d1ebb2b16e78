// The SQL oracle under each of the emulator's switchable search semantics: how
// Lark reads a pushed filter must never change the rows (see oracle.hpp).
#include <gtest/gtest.h>

#include "emulator_semantics.hpp"
#include "oracle.hpp"

namespace larkbase::sqlite::oracle {
namespace {

using larkbase::testing::SemanticsCase;

class OracleUnder : public ::testing::TestWithParam<SemanticsCase> {};

TEST_P(OracleUnder, ProductAnswersAsPlainSqlite) {
  expect_product_agrees_with_oracle(GetParam().flags);
}

INSTANTIATE_TEST_SUITE_P(EmulatorSemantics, OracleUnder,
                         ::testing::ValuesIn(larkbase::testing::emulator_semantics()),
                         larkbase::testing::semantics_name);

}  // namespace
}  // namespace larkbase::sqlite::oracle
