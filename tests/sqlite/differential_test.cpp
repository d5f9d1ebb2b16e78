// Pushdown on vs off give identical rows, with the emulator's default semantics.
#include <gtest/gtest.h>

#include "differential.hpp"

namespace larkbase::sqlite::testing {
namespace {

TEST(Differential, PushdownOnAndOffGiveTheSameRows) { expect_pushdown_changes_no_row({}); }

}  // namespace
}  // namespace larkbase::sqlite::testing
