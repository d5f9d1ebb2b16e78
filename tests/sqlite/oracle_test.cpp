// The SQL oracle under the emulator's default semantics (see oracle.hpp).
#include <gtest/gtest.h>

#include "oracle.hpp"

namespace larkbase::sqlite::oracle {
namespace {

TEST(SqlOracle, ProductAnswersAsPlainSqliteOverTheRawApiRows) {
  expect_product_agrees_with_oracle({});
}

}  // namespace
}  // namespace larkbase::sqlite::oracle
