#include "common/env.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "common/error.hpp"

namespace larkbase::common {
namespace {

TEST(Env, ReadsBooleansAndIntegers) {
  setenv("LARKBASE_TEST_FLAG", "TRUE", 1);
  EXPECT_TRUE(env_bool("LARKBASE_TEST_FLAG", false));
  setenv("LARKBASE_TEST_FLAG", "off", 1);
  EXPECT_FALSE(env_bool("LARKBASE_TEST_FLAG", true));
  unsetenv("LARKBASE_TEST_FLAG");
  EXPECT_TRUE(env_bool("LARKBASE_TEST_FLAG", true));
  setenv("LARKBASE_TEST_INT", "42", 1);
  EXPECT_EQ(env_int("LARKBASE_TEST_INT", 0), 42);
}

TEST(Env, BadValuesNameTheVariable) {
  setenv("LARKBASE_TEST_FLAG", "maybe", 1);
  try {
    env_bool("LARKBASE_TEST_FLAG", false);
    FAIL();
  } catch (const UserError& error) {
    EXPECT_NE(std::string(error.what()).find("LARKBASE_TEST_FLAG"), std::string::npos);
  }
  setenv("LARKBASE_TEST_INT", "12x", 1);
  EXPECT_THROW(env_int("LARKBASE_TEST_INT", 0), UserError);
}

}  // namespace
}  // namespace larkbase::common
