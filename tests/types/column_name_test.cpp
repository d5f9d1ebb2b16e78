#include "types/column_name.hpp"

#include <gtest/gtest.h>

namespace larkbase::types {
namespace {

TEST(ColumnNameTest, LowerCasesAndReplacesOtherCharacters) {
  EXPECT_EQ(sanitize_column_name("Sales Data", "fld1"), "sales_data");
  EXPECT_EQ(sanitize_column_name("Name@With-Special!Chars#", "fld1"), "name_with_special_chars_");
  EXPECT_EQ(sanitize_column_name("$price", "fld1"), "_price");
}

TEST(ColumnNameTest, CollapsesRunsOfUnderscores) {
  EXPECT_EQ(sanitize_column_name("a__b", "fld1"), "a_b");
  EXPECT_EQ(sanitize_column_name("Done %", "fld1"), "done_");
  EXPECT_EQ(sanitize_column_name("a - _ b", "fld1"), "a_b");
}

TEST(ColumnNameTest, LeadingDigitGetsAnUnderscore) {
  EXPECT_EQ(sanitize_column_name("2024 Revenue", "fld1"), "_2024_revenue");
  EXPECT_EQ(sanitize_column_name("7", "fld1"), "_7");
}

TEST(ColumnNameTest, SurroundingSpacesAreIgnored) {
  EXPECT_EQ(sanitize_column_name("  Spaced Out ", "fld1"), "spaced_out");
}

TEST(ColumnNameTest, EmptyOrSymbolOnlyNamesUseTheFieldId) {
  EXPECT_EQ(sanitize_column_name("", "fldAbC12"), "field_fldabc12");
  EXPECT_EQ(sanitize_column_name("!!!", "fldAbC12"), "field_fldabc12");
  EXPECT_EQ(sanitize_column_name("   ", "fldX"), "field_fldx");
}

TEST(ColumnNameTest, NonAsciiNamesUseTheFieldIdInsteadOfUnderscores) {
  EXPECT_EQ(sanitize_column_name("销售", "fldAbC12"), "field_fldabc12");
  EXPECT_EQ(sanitize_column_name("金额 Amount", "fldQ9"), "field_fldq9");
  EXPECT_EQ(sanitize_column_name("Ünïcode", "fldU"), "field_fldu");
  EXPECT_EQ(sanitize_column_name("日付", "fldJp"), "field_fldjp");
}

TEST(ColumnNameTest, ExactReservedNamesAreKeptSoCollisionsCanBeSeen) {
  EXPECT_EQ(sanitize_column_name("$reserved_record_id", "fld1"), "$reserved_record_id");
  EXPECT_EQ(sanitize_column_name(" $Reserved_Split_Key ", "fld1"), "$reserved_split_key");
  EXPECT_TRUE(is_reserved_column_name("$reserved_base_id"));
  EXPECT_FALSE(is_reserved_column_name("_reserved_base_id"));
  // Not exactly a reserved name: sanitised as usual.
  EXPECT_EQ(sanitize_column_name("$reserved_record_id!", "fld1"), "_reserved_record_id_");
}

TEST(ColumnNameTest, CollisionsGetNumberedSuffixesInOrder) {
  ColumnNamer namer;
  EXPECT_EQ(namer.assign("segment_5"), "segment_5");
  EXPECT_EQ(namer.assign("segment_5"), "segment_5_2");
  EXPECT_EQ(namer.assign("segment_5"), "segment_5_3");
  EXPECT_EQ(namer.assign("a"), "a");
  EXPECT_EQ(namer.assign("a_2"), "a_2");
  EXPECT_EQ(namer.assign("a"), "a_3");  // a_2 is taken by a real field
  namer.reserve("$reserved_table_id");
  EXPECT_EQ(namer.assign("$reserved_table_id"), "$reserved_table_id_2");
}

}  // namespace
}  // namespace larkbase::types
