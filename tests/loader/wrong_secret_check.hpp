#pragma once
// Shared by the loader tests that give a Lark source a wrong app secret: the
// read must fail, and the error must not quote the secret it was given.
#include <gtest/gtest.h>

#include <exception>
#include <string>

#include "loader/lark_source.hpp"

namespace larkbase::loader::testing {

inline void expect_wrong_secret_refused(LarkSource& source, const std::string& secret) {
  ReadSpec spec;
  spec.table = "orders";
  try {
    source.columns(spec);
    ADD_FAILURE() << "a wrong app secret was accepted";
  } catch (const std::exception& e) {
    EXPECT_EQ(std::string(e.what()).find(secret), std::string::npos) << e.what();
  }
}

}  // namespace larkbase::loader::testing
