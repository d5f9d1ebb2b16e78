#include <gtest/gtest.h>

#include "pushdown/like_pattern.hpp"

namespace larkbase::pushdown {
namespace {

TEST(LikePattern, PercentAndUnderscore) {
  EXPECT_TRUE(LikePattern("%abc%").matches("xxabcxx"));
  EXPECT_TRUE(LikePattern("%abc%").matches("abc"));
  EXPECT_FALSE(LikePattern("%abc%").matches("ab"));
  EXPECT_TRUE(LikePattern("a_c").matches("abc"));
  EXPECT_FALSE(LikePattern("a_c").matches("ac"));
  EXPECT_FALSE(LikePattern("a_c").matches("abbc"));
  EXPECT_TRUE(LikePattern("%").matches(""));
  EXPECT_FALSE(LikePattern("_").matches(""));
  EXPECT_TRUE(LikePattern("a%b%c").matches("aXXbYYc"));
  EXPECT_FALSE(LikePattern("a%b%c").matches("aXXcYYb"));
  EXPECT_TRUE(LikePattern("%a%a%").matches("banana"));
  EXPECT_TRUE(LikePattern("%ana").matches("banana"));  // needs backtracking
}

TEST(LikePattern, UnderscoreIsOneCodePoint) {
  EXPECT_TRUE(LikePattern("_").matches("\xe4\xb8\xad"));  // 中
  EXPECT_TRUE(
      LikePattern("a_b").matches("a\xc3\xa9"
                                 "b"));
  EXPECT_FALSE(
      LikePattern("a__b").matches("a\xc3\xa9"
                                  "b"));
}

TEST(LikePattern, CaseRules) {
  EXPECT_FALSE(LikePattern("%ABC%").matches("xabcx"));
  EXPECT_TRUE(LikePattern("%ABC%", true).matches("xabcx"));
  EXPECT_FALSE(LikePattern("%\xc3\x89%", true).matches("\xc3\xa9"));  // only ASCII folds
}

TEST(LikePattern, LiteralRuns) {
  LikePattern p("a%bc_d%");
  ASSERT_EQ(p.literal_runs().size(), 3u);
  EXPECT_EQ(p.literal_runs()[1], "bc");
  EXPECT_FALSE(p.is_literal());
  EXPECT_TRUE(LikePattern("abc").is_literal());
}

}  // namespace
}  // namespace larkbase::pushdown
