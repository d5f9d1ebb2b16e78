// The experimental flow's reading of a query's SQL text: identifiers in order,
// literals and comments skipped, and the base token and table id found in their
// own spelling from the lower-cased names Athena hands the connector.
#include <gtest/gtest.h>

#include "athena/query_text_ids.hpp"

namespace larkbase::athena {
namespace {

using Names = std::vector<std::string>;

TEST(QueryTextIds, IdentifiersAreQuotedOrBareAndSkipLiteralsAndComments) {
  EXPECT_EQ(sql_identifiers(R"(SELECT "a""b", c_1$ FROM "x y".z)"),
            (Names{"SELECT", "a\"b", "c_1$", "FROM", "x y", "z"}));
  EXPECT_EQ(sql_identifiers("SELECT 'tblX' -- \"tblY\"\n/* tblZ */ q"), (Names{"SELECT", "q"}));
  EXPECT_EQ(sql_identifiers("'it''s' t"), (Names{"t"}));
  EXPECT_EQ(sql_identifiers(R"(x "unterminated)"), (Names{"x", "unterminated"}));
  EXPECT_TRUE(sql_identifiers("").empty());
}

TEST(QueryTextIds, TheTableIsTheIdentifierRightAfterTheBase) {
  const char* sql =
      R"(SELECT o."Amount" FROM "lark"."bascnSales7Gx"."tblAr1S5n" o WHERE o.note <> 'tblar1s5n')";
  auto ids = find_table_ids(sql, "bascnsales7gx", "tblar1s5n");
  ASSERT_TRUE(ids.has_value());
  EXPECT_EQ(ids->app_token, "bascnSales7Gx");
  EXPECT_EQ(ids->table_id, "tblAr1S5n");
  // Unquoted works too; the first matching pair wins.
  ids = find_table_ids("select * from lark.bascnA.tblB join lark.bascnA.tblC on 1=1", "bascna",
                       "tblc");
  ASSERT_TRUE(ids.has_value());
  EXPECT_EQ(ids->table_id, "tblC");
}

TEST(QueryTextIds, NoPairNoIds) {
  EXPECT_FALSE(find_table_ids("SELECT 1", "bascna", "tblb").has_value());
  // Both names present but not as base.table.
  EXPECT_FALSE(find_table_ids(R"(SELECT "tblB" FROM "bascnA"."other")", "bascna", "tblb"));
  // In a literal or a comment only.
  EXPECT_FALSE(find_table_ids("SELECT 'bascnA.tblB' -- bascnA.tblB", "bascna", "tblb"));
}

}  // namespace
}  // namespace larkbase::athena
