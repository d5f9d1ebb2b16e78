#include "common/base64.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"

namespace larkbase::common {
namespace {

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, RoundTripsEveryByteValue) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += char(i);
  for (size_t len = 0; len <= bytes.size(); len += 37) {
    std::string part = bytes.substr(0, len);
    EXPECT_EQ(base64_decode(base64_encode(part)), part);
  }
}

TEST(Base64, RejectsBadInput) {
  EXPECT_THROW(base64_decode("abc"), UserError);
  EXPECT_THROW(base64_decode("ab!d"), UserError);
  EXPECT_THROW(base64_decode("a=bc"), UserError);
}

}  // namespace
}  // namespace larkbase::common
