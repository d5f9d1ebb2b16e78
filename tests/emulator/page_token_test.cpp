#include "emulator/page_token.hpp"

#include <gtest/gtest.h>

#include "common/base64.hpp"

namespace larkbase::emulator {
namespace {

TEST(PageToken, RoundTripsQueryIdAndOffset) {
  PageCursor cursor{123456789012345ull, 500};
  auto decoded = decode_page_token(encode_page_token(cursor));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->query_id, cursor.query_id);
  EXPECT_EQ(decoded->offset, cursor.offset);
}

TEST(PageToken, IsOpaqueBase64) {
  std::string token = encode_page_token({7, 40});
  EXPECT_EQ(token.find(':'), std::string::npos);
  EXPECT_NO_THROW(common::base64_decode(tolerant_base64(token)));
}

TEST(PageToken, RejectsForeignTokens) {
  EXPECT_FALSE(decode_page_token("not base64 !!"));
  EXPECT_FALSE(decode_page_token(common::base64_encode("hello")));
  EXPECT_FALSE(decode_page_token(common::base64_encode("lbq1:12")));
  EXPECT_FALSE(decode_page_token(common::base64_encode("lbq1:x:1")));
  EXPECT_FALSE(decode_page_token(common::base64_encode("lbq1:1:-5")));
  EXPECT_FALSE(decode_page_token(""));
}

}  // namespace
}  // namespace larkbase::emulator

namespace larkbase::emulator {
namespace {

TEST(PageToken, HasNoPaddingAndSurvivesCarelessQueryStrings) {
  for (uint64_t offset = 1; offset < 4; ++offset) {
    std::string token = encode_page_token({1, offset});
    EXPECT_EQ(token.find('='), std::string::npos);
    EXPECT_EQ(decode_page_token(token)->offset, offset);
    EXPECT_EQ(decode_page_token(token + "=")->offset, offset);
  }
  // '+' decoded as a space by a client that did not URL-encode the token.
  std::string plus = common::base64_encode("lbq1:9:>>>");
  ASSERT_NE(plus.find('+'), std::string::npos);
  EXPECT_EQ(tolerant_base64(plus.substr(0, plus.find('+')) + " " + plus.substr(plus.find('+') + 1)),
            plus);
}

}  // namespace
}  // namespace larkbase::emulator
