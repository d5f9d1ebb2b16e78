// The SQL oracle under the emulator's default semantics (see oracle.hpp).
#include <gtest/gtest.h>

#include "oracle.hpp"

namespace larkbase::sqlite::oracle {
namespace {

// The sanitizer build runs every LARKBASE_ORACLE_STRIDE-th query: the whole set
// takes over 25 minutes there, and the normal build runs all of it.
#ifndef LARKBASE_ORACLE_STRIDE
#define LARKBASE_ORACLE_STRIDE 1
#endif

TEST(SqlOracle, ProductAnswersAsPlainSqliteOverTheRawApiRows) {
  expect_product_agrees_with_oracle({}, LARKBASE_ORACLE_STRIDE);
}

}  // namespace
}  // namespace larkbase::sqlite::oracle
