#include <gtest/gtest.h>

#include "common/error.hpp"
#include "loader/db.hpp"
#include "loader/source.hpp"
#include "loader/target.hpp"

namespace larkbase::loader {
namespace {

TEST(Naming, ColumnsFollowTheSpec) {
  EXPECT_EQ(normalise_column("Order ID"), "Order_ID");
  EXPECT_EQ(normalise_column("Price/Unit"), "Price_Unit");
  EXPECT_EQ(normalise_column("Value ($)"), "Value_");
  EXPECT_EQ(safe_destination_name("Well Header  Sample!"), "Well_Header_Sample_");
}

TEST(Naming, CollisionsNameBothColumns) {
  try {
    normalise_columns({"Order ID", "Order/ID"});
    FAIL() << "collision not reported";
  } catch (const common::UserError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("'Order ID'"), std::string::npos) << m;
    EXPECT_NE(m.find("'Order/ID'"), std::string::npos) << m;
    EXPECT_NE(m.find("Order_ID"), std::string::npos) << m;
  }
  EXPECT_THROW(normalise_columns({"id", "ID"}), common::UserError);
  EXPECT_THROW(normalise_columns({"()"}), common::UserError);
}

TEST(Dialects, PredicateShapesPerEngine) {
  Condition ts{"Updated At", ">", "timestamp", "2026-01-01 00:00:00"};
  Condition id{"id", ">", "integer", "5"};
  EXPECT_EQ(make_dialect("postgresql")->predicate(ts, 1), "\"Updated At\" > $1");
  EXPECT_EQ(make_dialect("sqlite")->predicate(id, 2), "id > $2");
  EXPECT_EQ(make_dialect("mssql")->predicate(ts, 1), "[Updated At] > CAST(@p1 AS DATETIME2)");
  EXPECT_EQ(make_dialect("oracle")->predicate(ts, 1),
            "\"Updated At\" > TO_TIMESTAMP(:1, 'YYYY-MM-DD HH24:MI:SS.FF')");
  EXPECT_EQ(make_dialect("snowflake")->predicate(ts, 3), "\"Updated At\" > TO_TIMESTAMP(:3)");
  EXPECT_EQ(make_dialect("mssql")->table_ref(std::string("dbo"), "a]b"), "dbo.[a]]b]");
  EXPECT_EQ(make_dialect("postgresql")->table_ref(std::string("Sales"), "orders"),
            "\"Sales\".orders");
  EXPECT_THROW(make_dialect("db2"), common::UserError);
}

TEST(Urls, PasswordsNeverAppearInDescriptions) {
  EXPECT_EQ(describe_url("postgresql://bob:s3cr3t@db:5432/x"), "postgresql://bob:***@db:5432/x");
  EXPECT_EQ(describe_url("postgresql://db/x?password=s3cr3t&sslmode=require"),
            "postgresql://db/x?password=***&sslmode=require");
  try {
    open_db("postgresql://bob:s3cr3t@127.0.0.1:1/x");
    FAIL() << "connected to port 1";
  } catch (const common::Error& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cr3t"), std::string::npos) << e.what();
    EXPECT_TRUE(e.retryable());
  }
}

}  // namespace
}  // namespace larkbase::loader
