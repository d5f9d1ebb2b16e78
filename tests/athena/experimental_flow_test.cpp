// The experimental flow (seed flow 4) against both emulators: a query names a
// table by its ids, "lark"."<base token>"."<table id>", in a base no source
// lists; Athena hands the connector the lower-cased names and the query id; the
// connector reads the query's SQL text from Athena GetQueryExecution (the AWS
// emulator), finds the ids in their own spelling, and serves GetTable, the layout,
// the splits and the rows — the same rows as the catalog path for that table.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "athena/federation_handler.hpp"
#include "athena_requests.hpp"
#include "aws_emulator_process.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"

namespace larkbase::athena {
namespace {

using testing::AthenaQuery;
using testing::AwsEmulatorProcess;
using testing::EmulatorProcess;

std::string lower(std::string text) {
  for (char& c : text) c = char(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The ids of sales.orders in the demo emulator.
TableIds orders_ids(const EmulatorProcess& lark) {
  for (const auto& base : lark.handshake().at("bases")) {
    for (const auto& table : base.at("tables")) {
      if (base.at("name") == "Sales" && table.at("name") == "orders") {
        return {base.at("app_token").get<std::string>(), table.at("table_id").get<std::string>()};
      }
    }
  }
  return {};
}

// The sorted rows of a split read whole, inline.
std::vector<std::string> rows_read(FederationHandler& handler, AthenaQuery& query) {
  const WireJson answer = AthenaQuery::call(
      handler, query.first_read(handler) + testing::block_sizes("100000000", "100000000"));
  EXPECT_EQ(answer["@type"], "ReadRecordsResponse");
  const WireJson content = decoded_content(parse_message(answer.dump()));
  std::vector<std::string> rows;
  for (const auto& row : content["body"]["records"]["rows"]) rows.push_back(row.dump());
  std::sort(rows.begin(), rows.end());
  return rows;
}

class ExperimentalFlow : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lark_ = new EmulatorProcess({"--demo", "--rows", "80"});
    ids_ = orders_ids(*lark_);
    aws_ = new AwsEmulatorProcess({"--demo", "--query-execution",
                                   "q-exp=SELECT \"order_no\", \"amount\" FROM \"lark\".\"" +
                                       ids_.app_token + "\".\"" + ids_.table_id +
                                       "\" WHERE \"amount\" > 10 -- ids in their own spelling",
                                   "--query-execution", "q-plain=SELECT 1"});
  }
  static void TearDownTestSuite() {
    delete aws_;
    delete lark_;
  }

  // The connector with every demo base but Sales as a source: the orders table is
  // reachable by its ids only.
  static std::unique_ptr<FederationHandler> handler(bool experimental) {
    AthenaConfig config;
    config.connector = testing::emulator_connector_config(*lark_, true);
    auto& bases = config.connector.sources.bases;
    bases.erase(std::remove_if(bases.begin(), bases.end(),
                               [](const auto& base) { return base.schema == "sales"; }),
                bases.end());
    config.aws = aws_->config();
    config.experimental = experimental;
    return std::make_unique<FederationHandler>(config);
  }

  static EmulatorProcess* lark_;
  static AwsEmulatorProcess* aws_;
  static TableIds ids_;
};
EmulatorProcess* ExperimentalFlow::lark_ = nullptr;
AwsEmulatorProcess* ExperimentalFlow::aws_ = nullptr;
TableIds ExperimentalFlow::ids_;

TEST_F(ExperimentalFlow, ATableNamedByItsIdsIsReadLikeTheCatalogsTable) {
  ASSERT_FALSE(ids_.table_id.empty());
  ASSERT_NE(ids_.app_token, lower(ids_.app_token)) << "the test needs mixed-case ids";
  auto experimental = handler(true);
  AthenaQuery by_ids("q-exp", lower(ids_.app_token), lower(ids_.table_id));
  const std::vector<std::string> got = rows_read(*experimental, by_ids);

  // The same table through a connector that lists the Sales base.
  AthenaConfig listed;
  listed.connector = testing::emulator_connector_config(*lark_, true);
  FederationHandler catalog_handler(listed);
  AthenaQuery by_name("q-name", "sales", "orders");
  const std::vector<std::string> expected = rows_read(catalog_handler, by_name);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(got, expected);
}

TEST_F(ExperimentalFlow, WithoutTheFlowOrWithoutIdsInTheTextTheTableIsUnknown) {
  const std::string get_table_ids =
      AthenaQuery("q-exp", lower(ids_.app_token), lower(ids_.table_id)).get_table();
  // Off: the table is in no source.
  InvocationResult off = handler(false)->invoke(get_table_ids);
  ASSERT_FALSE(off.ok);
  EXPECT_NE(off.body.find("InvalidInputException"), std::string::npos) << off.body;

  // On, but the query's text does not name the table by its ids.
  auto on = handler(true);
  InvocationResult plain =
      on->invoke(AthenaQuery("q-plain", lower(ids_.app_token), lower(ids_.table_id)).get_table());
  ASSERT_FALSE(plain.ok);
  EXPECT_NE(plain.body.find("does not name it"), std::string::npos) << plain.body;

  // On, with a query id Athena does not know: the failure names the query and the flow.
  InvocationResult missing =
      on->invoke(AthenaQuery("q-missing", lower(ids_.app_token), lower(ids_.table_id)).get_table());
  ASSERT_FALSE(missing.ok);
  EXPECT_NE(missing.body.find("q-missing"), std::string::npos) << missing.body;
  EXPECT_NE(missing.body.find("experimental flow"), std::string::npos) << missing.body;

  // A table a source lists is served from the catalog even with the flow on.
  InvocationResult listed = on->invoke(AthenaQuery("q-plain", "marketing", "leads").get_table());
  EXPECT_TRUE(listed.ok) << listed.body;
}

}  // namespace
}  // namespace larkbase::athena
