#include "types/field_kind.hpp"

#include <gtest/gtest.h>

namespace larkbase::types {
namespace {

TEST(FieldKindTest, UiTypeDecidesAmongKindsSharingOneType) {
  EXPECT_EQ(classify_field(2, "Number"), FieldKind::kNumber);
  EXPECT_EQ(classify_field(2, "Progress"), FieldKind::kProgress);
  EXPECT_EQ(classify_field(2, "Currency"), FieldKind::kCurrency);
  EXPECT_EQ(classify_field(2, "Rating"), FieldKind::kRating);
  EXPECT_EQ(classify_field(1, "Text"), FieldKind::kText);
  EXPECT_EQ(classify_field(1, "Barcode"), FieldKind::kBarcode);
  EXPECT_EQ(classify_field(1, "Email"), FieldKind::kEmail);
}

TEST(FieldKindTest, UiTypeIsMatchedIgnoringCase) {
  EXPECT_EQ(classify_field(2, "progress"), FieldKind::kProgress);
  EXPECT_EQ(classify_field(5, "DATETIME"), FieldKind::kDateTime);
}

TEST(FieldKindTest, NumericTypeIsTheFallbackWithoutAKnownUiType) {
  EXPECT_EQ(classify_field(2, ""), FieldKind::kNumber);
  EXPECT_EQ(classify_field(2, "SomethingNew"), FieldKind::kNumber);
  EXPECT_EQ(classify_field(13, ""), FieldKind::kPhone);
  EXPECT_EQ(classify_field(19, ""), FieldKind::kLookup);
  EXPECT_EQ(classify_field(1005, ""), FieldKind::kAutoNumber);
  EXPECT_EQ(classify_field(3001, ""), FieldKind::kButton);
  EXPECT_EQ(classify_field(24, ""), FieldKind::kStage);
}

TEST(FieldKindTest, UnknownTypeAndUiTypeIsUnknown) {
  EXPECT_EQ(classify_field(99, "Signature"), FieldKind::kUnknown);
  EXPECT_EQ(classify_field(6, ""), FieldKind::kUnknown);
  // "Unknown" is our spelling, not a Lark ui_type: it must not short-circuit the type.
  EXPECT_EQ(classify_field(2, "Unknown"), FieldKind::kNumber);
}

TEST(FieldKindTest, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(FieldKind::kUnknown); ++i) {
    auto kind = static_cast<FieldKind>(i);
    EXPECT_EQ(field_kind_from_string(to_string(kind)), kind) << to_string(kind);
  }
  EXPECT_FALSE(is_exposed(FieldKind::kStage));
  EXPECT_FALSE(is_exposed(FieldKind::kButton));
  EXPECT_TRUE(is_exposed(FieldKind::kUnknown));
}

}  // namespace
}  // namespace larkbase::types
