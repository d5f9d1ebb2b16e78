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

// Bytes handed in pieces of every size from 1 to 7 (so groups straddle pieces)
// give the text of the whole.
TEST(Base64, WriterOfPiecesMatchesTheWholeText) {
  std::string bytes;
  for (int i = 0; i < 200; ++i) bytes += char(i * 7);
  for (size_t len : {size_t(0), size_t(1), size_t(2), size_t(3), size_t(100), bytes.size()}) {
    const std::string whole = bytes.substr(0, len);
    for (size_t piece = 1; piece <= 7; ++piece) {
      std::string text(base64_size(len), '?');
      Base64Writer writer(text.data());
      for (size_t at = 0; at < len; at += piece)
        writer.write(std::string_view(whole).substr(at, piece));
      EXPECT_EQ(writer.finish(), text.data() + text.size());
      EXPECT_EQ(text, base64_encode(whole)) << "length " << len << ", pieces of " << piece;
    }
  }
}

TEST(Base64, RejectsBadInput) {
  EXPECT_THROW(base64_decode("abc"), UserError);
  EXPECT_THROW(base64_decode("ab!d"), UserError);
  EXPECT_THROW(base64_decode("a=bc"), UserError);
}

}  // namespace
}  // namespace larkbase::common
