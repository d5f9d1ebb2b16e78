// Failures: a clear error, never a partial result.
#include <gtest/gtest.h>

#include <string>

#include "common/error.hpp"
#include "demo_session.hpp"

namespace larkbase::sqlite::testing {
namespace {

std::string error_of(Sql& sql, const std::string& query) {
  try {
    sql.session.run(query);
  } catch (const common::Error& error) {
    return error.what();
  }
  return "";
}

TEST(Failure, BadCredentialsGiveAClearErrorWithoutTheSecret) {
  auto config = demo_config(demo_emulator(), true);
  config.lark.app_secret = "not-the-secret-7f3a";
  Sql sql(config);
  std::string message = error_of(sql, "SELECT * FROM sales.orders");
  ASSERT_FALSE(message.empty()) << "a query with a wrong secret must fail";
  EXPECT_EQ(message.find("not-the-secret-7f3a"), std::string::npos) << message;
}

TEST(Failure, UnknownTableErrorNamesIt) {
  auto sql = demo_sql(true);
  try {
    sql->session.run("SELECT * FROM sales.no_such_table");
    FAIL() << "expected an error";
  } catch (const common::UserError& error) {
    EXPECT_NE(std::string(error.what()).find("no_such_table"), std::string::npos) << error.what();
  }
  EXPECT_THROW(sql->session.run("SELECT * FROM nowhere.orders"), common::UserError);
  EXPECT_THROW(sql->session.run("SELECT no_such_column FROM sales.orders"), common::UserError);
}

TEST(Failure, EveryCallFailingFailsTheQuery) {
  EmulatorProcess faulty({"--demo", "--rows", kDemoRows, "--fault-rate", "1", "--fault-seed", "7"});
  auto config = demo_config(faulty, true);
  config.lark.retry.max_attempts = 3;
  Sql sql(config);
  bool returned = false;
  try {
    sql.session.run("SELECT * FROM sales.orders");
    returned = true;
  } catch (const common::Error& error) {
    EXPECT_EQ(error.kind(), common::ErrorKind::kExternal) << error.what();
  }
  EXPECT_FALSE(returned) << "no result may come back when every Lark call fails";
}

TEST(Failure, TransientFaultsAreRetriedIntoACompleteResult) {
  EmulatorProcess flaky(
      {"--demo", "--rows", kDemoRows, "--fault-rate", "0.2", "--fault-seed", "11"});
  Sql faulty(demo_config(flaky, true));
  auto clean = demo_sql(true);
  for (const std::string query :
       {"SELECT * FROM sales.orders", "SELECT * FROM sales.orders WHERE quantity > 3",
        "SELECT * FROM sales.customers"}) {
    SCOPED_TRACE(query);
    auto expected = clean->session.run(query);
    auto actual = faulty.session.run(query);
    EXPECT_EQ(rows_sorted(actual), rows_sorted(expected));
    EXPECT_FALSE(expected.rows.empty());
  }
  EXPECT_GT(faulty.connector->stats().snapshot().retries, 0u) << "faults were injected";
}

}  // namespace
}  // namespace larkbase::sqlite::testing
