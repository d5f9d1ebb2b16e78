#include "common/json.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace larkbase::common {
namespace {

TEST(ParseJson, ConvertsEveryValueKind) {
  Json value =
      parse_json(R"({"a":1,"b":-2,"c":1.5,"d":"x\u00e9","e":true,"f":null,"g":[1,{"h":[]}],)"
                 R"("big":18446744073709551615})",
                 "test document");
  EXPECT_EQ(value["a"], 1);
  EXPECT_EQ(value["b"], -2);
  EXPECT_DOUBLE_EQ(value["c"].get<double>(), 1.5);
  EXPECT_EQ(value["d"], "x\xc3\xa9");
  EXPECT_EQ(value["e"], true);
  EXPECT_TRUE(value["f"].is_null());
  EXPECT_TRUE(value["g"][1]["h"].is_array());
  EXPECT_EQ(value["big"].get<uint64_t>(), 18446744073709551615ull);
}

TEST(ParseJson, ErrorNamesTheDocument) {
  try {
    parse_json("{\"a\":", "dataset file demo.json");
    FAIL() << "expected an error";
  } catch (const UserError& error) {
    EXPECT_NE(std::string(error.what()).find("dataset file demo.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace larkbase::common
