// The connector against the emulator (a child process with the demo data):
// every discovery flow, every demo table's schema, and reads compared with
// what the Lark client returns and with brute-force filtering.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "catalog/catalog.hpp"
#include "common/error.hpp"
#include "connector/connector.hpp"
#include "connector/table_snapshot.hpp"
#include "emulator_process.hpp"
#include "lark/bitable_client.hpp"
#include "lark/record_search.hpp"

namespace larkbase::connector {
namespace {

using larkbase::testing::EmulatorProcess;
using pushdown::Value;
using pushdown::ValueSet;

constexpr const char* kRows = "1200";

ConnectorConfig config_for(const EmulatorProcess& emu) {
  ConnectorConfig config;
  config.lark.api_url = emu.url();
  config.lark.app_id = emu.app_id();
  config.lark.app_secret = emu.app_secret();
  config.lark.retry.max_attempts = 10;
  config.lark.retry.base_delay = std::chrono::milliseconds(5);
  config.lark.retry.max_delay = std::chrono::milliseconds(50);
  config.lark.retry.total_budget = std::chrono::milliseconds(10000);
  config.lark.search_rate_limit = 1000;
  config.lark.default_rate_limit = 1000;
  return config;
}

std::string base_token(const EmulatorProcess& emu, const std::string& name) {
  for (const auto& base : emu.handshake().at("bases")) {
    if (base.at("name") == name) return base.at("app_token").get<std::string>();
  }
  throw std::runtime_error("no base " + name + " in the handshake");
}

std::string table_id(const EmulatorProcess& emu, const std::string& base_name,
                     const std::string& table) {
  for (const auto& base : emu.handshake().at("bases")) {
    if (base.at("name") != base_name) continue;
    for (const auto& t : base.at("tables")) {
      if (t.at("name") == table) return t.at("table_id").get<std::string>();
    }
  }
  throw std::runtime_error("no table " + table);
}

struct ReadResult {
  std::vector<columnar::RecordBatch> batches;
  ReadStats stats;
  int64_t rows() const {
    int64_t n = 0;
    for (const auto& b : batches) n += b.num_rows;
    return n;
  }
  // Column `i` of every row as strings (Utf8) or doubles rendered.
  std::vector<std::string> strings(size_t i) const {
    std::vector<std::string> out;
    for (const auto& b : batches) {
      for (int64_t r = 0; r < b.num_rows; ++r) out.emplace_back(b.columns[i]->string_value(r));
    }
    return out;
  }
};

ReadResult read_all(Connector& connector, const ScanPlan& plan) {
  ReadResult result;
  for (const auto& split : plan.splits) {
    // Through JSON, as a split travels to another process.
    auto reader = connector.read(Split::from_json(split.to_json()));
    while (auto batch = reader->next()) {
      EXPECT_GT(batch->num_rows, 0);
      batch->validate();
      result.batches.push_back(std::move(*batch));
    }
    result.stats = reader->stats();
  }
  return result;
}

ScanRequest orders_request(std::vector<std::string> columns = {}) {
  ScanRequest request;
  request.schema = "sales";
  request.table = "orders";
  request.columns = std::move(columns);
  return request;
}

class ConnectorEmulatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { emu_ = new EmulatorProcess({"--demo", "--rows", kRows}); }
  static void TearDownTestSuite() {
    delete emu_;
    emu_ = nullptr;
  }

  std::unique_ptr<Connector> direct_connector() {
    auto config = config_for(*emu_);
    config.sources.bases = {{base_token(*emu_, "Sales"), "sales"}};
    return Connector::create(config);
  }

  // Record ids of every orders record, as a plain records/search returns them.
  std::vector<std::string> plain_search_ids() {
    lark::LarkClient client(config_for(*emu_).lark);
    lark::BitableClient bitable(client);
    lark::SearchRequest request;
    request.app_token = base_token(*emu_, "Sales");
    request.table_id = table_id(*emu_, "Sales", "orders");
    auto search = bitable.search(request);
    std::vector<std::string> ids;
    while (auto page = search.next()) {
      for (const auto& item : lark::search_page_items(*page)) {
        ids.push_back(item.at("record_id").get<std::string>());
      }
    }
    return ids;
  }

  static EmulatorProcess* emu_;
};
EmulatorProcess* ConnectorEmulatorTest::emu_ = nullptr;

TEST_F(ConnectorEmulatorTest, DirectFlowListsTheGivenBases) {
  auto config = config_for(*emu_);
  config.sources.bases = {{base_token(*emu_, "Sales"), "Sales Team"},
                          {base_token(*emu_, "Inventory"), "stock"}};
  auto connector = Connector::create(config);
  EXPECT_EQ(connector->list_schemas(), (std::vector<std::string>{"sales_team", "stock"}));
  auto tables = connector->list_tables("sales_team");
  for (const char* name : {"orders", "customers", "products"}) {
    EXPECT_NE(std::find(tables.begin(), tables.end(), name), tables.end()) << name;
  }
}

TEST_F(ConnectorEmulatorTest, ControlTableFlowHonoursTheBlacklist) {
  auto config = config_for(*emu_);
  config.sources.control_table_enabled = true;
  const auto& control = emu_->handshake().at("control_table");
  config.sources.control_tables = {
      {control.at("app_token").get<std::string>(), control.at("table_id").get<std::string>()}};
  auto connector = Connector::create(config);
  EXPECT_EQ(connector->list_schemas(),
            (std::vector<std::string>{"inventory", "marketing", "sales"}));
  auto marketing = connector->list_tables("marketing");
  EXPECT_NE(std::find(marketing.begin(), marketing.end(), "campaigns"), marketing.end());
  EXPECT_EQ(std::find(marketing.begin(), marketing.end(), "campaign_archive"), marketing.end());
  EXPECT_THROW(connector->get_table("marketing", "campaign_archive"), common::UserError);
}

TEST_F(ConnectorEmulatorTest, DriveFlowListsBitablesAndShortcuts) {
  auto config = config_for(*emu_);
  config.sources.drive_enabled = true;
  config.sources.drive_folders = {emu_->handshake().at("drive_folder").get<std::string>()};
  auto connector = Connector::create(config);
  EXPECT_EQ(connector->list_schemas(),
            (std::vector<std::string>{"inventory", "marketing", "sales", "sales_shortcut_"}));
  EXPECT_EQ(connector->list_tables("sales_shortcut_"), connector->list_tables("sales"));
}

TEST_F(ConnectorEmulatorTest, CombinedFlowsReportDuplicates) {
  auto config = config_for(*emu_);
  config.sources.bases = {{base_token(*emu_, "Inventory"), "sales"}};
  config.sources.drive_enabled = true;
  config.sources.drive_folders = {emu_->handshake().at("drive_folder").get<std::string>()};
  auto connector = Connector::create(config);
  auto schemas = connector->list_schemas();
  EXPECT_EQ(schemas.size(), 4u);  // sales (direct), inventory, marketing, sales_shortcut_
  // The direct provider came first: "sales" is the Inventory base.
  auto tables = connector->list_tables("sales");
  EXPECT_NE(std::find(tables.begin(), tables.end(), "warehouses"), tables.end());
  auto warnings = connector->warnings();
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings[0].find("duplicate"), std::string::npos);
}

TEST_F(ConnectorEmulatorTest, GetTableForEveryDemoTable) {
  auto config = config_for(*emu_);
  config.sources.drive_enabled = true;
  config.sources.drive_folders = {emu_->handshake().at("drive_folder").get<std::string>()};
  auto connector = Connector::create(config);
  int tables = 0;
  for (const auto& schema : connector->list_schemas()) {
    for (const auto& table : connector->list_tables(schema)) {
      auto columns = connector->get_table(schema, table).columns();
      ++tables;
      EXPECT_GE(columns.size(), 4u) << schema << "." << table;  // a field + 3 reserved
      std::set<std::string> names;
      for (const auto& column : columns) {
        EXPECT_TRUE(column.field.type != nullptr) << column.name;
        EXPECT_FALSE(column.glue_type.empty()) << column.name;
        names.insert(column.name);
      }
      EXPECT_EQ(names.size(), columns.size()) << "column names are unique";
      EXPECT_TRUE(names.count("$reserved_record_id")) << schema << "." << table;
    }
  }
  EXPECT_GE(tables, 8);
  auto orders = connector->get_table("sales", "orders");
  ASSERT_NE(orders.find("quantity"), nullptr);
  EXPECT_EQ(orders.find("quantity")->field.type->id, columnar::TypeId::kFloat64);
  EXPECT_EQ(orders.find("approval_stage"), nullptr);  // Stage is not exposed
}

TEST_F(ConnectorEmulatorTest, UnconstrainedReadReturnsExactlyTheSearchRecords) {
  auto connector = direct_connector();
  auto plan = connector->plan(orders_request({"$reserved_record_id", "quantity"}));
  ASSERT_EQ(plan.splits.size(), 1u);
  auto result = read_all(*connector, plan);
  // 1,200 rows are read as concurrent ranges: the same records, in no fixed order.
  auto ids = result.strings(0);
  auto expected = plain_search_ids();
  std::sort(ids.begin(), ids.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(result.rows(), std::stoll(kRows));
  EXPECT_EQ(result.stats.rows_emitted, uint64_t(result.rows()));
  EXPECT_GE(result.stats.pages, 3u);
}

// Brute force: every row of a full scan whose quantity satisfies `keep`.
std::set<std::string> brute_force(
    Connector& connector, const std::string& column,
    const std::function<bool(const columnar::ArrayData&, int64_t)>& keep) {
  auto full = read_all(connector, connector.plan(orders_request({"$reserved_record_id", column})));
  std::set<std::string> ids;
  for (const auto& b : full.batches) {
    for (int64_t r = 0; r < b.num_rows; ++r) {
      if (keep(*b.columns[1], r)) ids.insert(std::string(b.columns[0]->string_value(r)));
    }
  }
  return ids;
}

TEST_F(ConnectorEmulatorTest, NumberConstraintMatchesBruteForce) {
  auto connector = direct_connector();
  auto expected = brute_force(*connector, "quantity", [](const columnar::ArrayData& a, int64_t r) {
    return a.is_valid(r) && a.value<double>(r) > 5 && a.value<double>(r) <= 40;
  });
  ASSERT_FALSE(expected.empty());
  auto request = orders_request({"$reserved_record_id", "quantity"});
  request.constraints.add("quantity", ValueSet::gt(Value(int64_t{5})));
  request.constraints.add("quantity", ValueSet::le(Value(40.0)));
  auto plan = connector->plan(request);
  ASSERT_EQ(plan.splits.size(), 1u);
  EXPECT_FALSE(plan.splits[0].query.filter.is_null()) << "the range is pushed to Lark";
  auto result = read_all(*connector, plan);
  auto ids = result.strings(0);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), expected);
  EXPECT_EQ(ids.size(), expected.size()) << "no duplicates";
}

TEST_F(ConnectorEmulatorTest, LimitWithPushedFilterFetchesOnePage) {
  auto connector = direct_connector();
  auto request = orders_request({"$reserved_record_id", "quantity"});
  request.constraints.add("quantity", ValueSet::ge(Value(int64_t{2})));
  request.constraints.limit = 5;
  auto plan = connector->plan(request);
  ASSERT_EQ(plan.splits.size(), 1u);
  EXPECT_EQ(plan.splits[0].query.page_size, 5);
  EXPECT_TRUE(plan.limit_applied);
  auto before = connector->stats().snapshot();
  auto result = read_all(*connector, plan);
  auto delta = connector->stats().snapshot() - before;
  EXPECT_EQ(result.rows(), 5);
  EXPECT_EQ(result.stats.pages, 1u);
  EXPECT_EQ(delta.pages, 1u);
  for (const auto& b : result.batches) {
    for (int64_t r = 0; r < b.num_rows; ++r) EXPECT_GE(b.columns[1]->value<double>(r), 2.0);
  }
}

TEST_F(ConnectorEmulatorTest, LimitWithUnpushableConstraintStillReturnsLimitMatchingRows) {
  auto connector = direct_connector();
  auto matches = [](std::string_view text) { return text.find('7') != std::string_view::npos; };
  auto expected =
      brute_force(*connector, "total_with_tax", [&](const columnar::ArrayData& a, int64_t r) {
        return a.is_valid(r) && matches(a.string_value(r));
      });
  ASSERT_GT(expected.size(), 30u);
  auto request = orders_request({"$reserved_record_id", "total_with_tax"});
  request.constraints.add_like({"total_with_tax", "%7%", false});
  request.constraints.limit = 30;
  auto plan = connector->plan(request);
  ASSERT_EQ(plan.splits.size(), 1u);
  EXPECT_TRUE(plan.splits[0].query.filter.is_null()) << "a formula constraint is not pushed";
  auto result = read_all(*connector, plan);
  EXPECT_EQ(result.rows(), 30);
  for (const auto& id : result.strings(0)) EXPECT_TRUE(expected.count(id)) << id;
  for (const auto& text : result.strings(1)) EXPECT_TRUE(matches(text)) << text;
}

TEST_F(ConnectorEmulatorTest, RecordIdReadFetchesByIdAndEvaluatesTheRest) {
  auto connector = direct_connector();
  auto all = plain_search_ids();
  auto request = orders_request({"$reserved_record_id"});
  request.constraints.add("$reserved_record_id",
                          ValueSet::in({Value(all[3]), Value(all[100]), Value("recNoSuch")}));
  auto plan = connector->plan(request);
  ASSERT_EQ(plan.splits.size(), 1u);
  EXPECT_EQ(plan.splits[0].record_ids.size(), 3u);
  auto ids = read_all(*connector, plan).strings(0);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{all[3], all[100]}));
}

// Reads `split` through `reader` into record ids (column 0) in order.
std::vector<std::string> ids_of(BatchReader& reader) {
  std::vector<std::string> ids;
  while (auto batch = reader.next()) {
    batch->validate();
    for (int64_t r = 0; r < batch->num_rows; ++r) {
      ids.emplace_back(batch->columns[0]->string_value(r));
    }
  }
  return ids;
}

TEST_F(ConnectorEmulatorTest, ASnapshotAnswersAScanWithTheRowsTheScanReturns) {
  auto connector = direct_connector();
  auto request = orders_request({"$reserved_record_id", "quantity", "status"});
  request.constraints.add("quantity", ValueSet::gt(Value(int64_t{5})));
  request.constraints.add("status", ValueSet::in({Value("Delivered"), Value("Returned")}));
  request.constraints.limit = 200;
  auto plan = connector->plan(request);
  ASSERT_EQ(plan.splits.size(), 1u);
  const Split& split = plan.splits[0];
  ReadStats spent;
  auto snapshot = TableSnapshot::load(*connector, split, 10, spent);
  ASSERT_NE(snapshot, nullptr);
  EXPECT_EQ(snapshot->rows(), 1200);
  EXPECT_EQ(spent.pages, 3u);  // 1200 records: three pages of 500
  EXPECT_EQ(spent.rows_emitted, 0u);
  ASSERT_TRUE(snapshot->serves(split));
  auto from_snapshot = ids_of(*snapshot->read(split));
  auto from_lark = read_all(*connector, plan).strings(0);
  EXPECT_EQ(from_snapshot.size(), 200u);  // the LIMIT holds
  EXPECT_EQ(from_lark.size(), 200u);
  // Without ORDER BY any 200 matches answer the query (the snapshot was loaded by
  // concurrent range streams, so its row order is not Lark's): both must be 200
  // distinct rows of the exact matches.
  auto unlimited = request;
  unlimited.constraints.limit.reset();
  auto matches = read_all(*connector, connector->plan(unlimited)).strings(0);
  ASSERT_GT(matches.size(), 200u);
  const std::set<std::string> all_matches(matches.begin(), matches.end());
  for (const auto* ids : {&from_snapshot, &from_lark}) {
    const std::set<std::string> distinct(ids->begin(), ids->end());
    EXPECT_EQ(distinct.size(), 200u);
    for (const auto& id : distinct) EXPECT_TRUE(all_matches.count(id)) << id;
  }
}

TEST_F(ConnectorEmulatorTest, ASnapshotFindsRecordIdLookupsByTheirIds) {
  auto connector = direct_connector();
  auto all = plain_search_ids();
  auto request = orders_request({"$reserved_record_id", "quantity"});
  request.constraints.add("$reserved_record_id",
                          ValueSet::in({Value(all[3]), Value(all[1100]), Value("recNoSuch")}));
  request.constraints.add("quantity", ValueSet::is_not_null());
  auto plan = connector->plan(request);
  ASSERT_EQ(plan.splits.at(0).record_ids.size(), 3u);
  ReadStats spent;
  auto snapshot = TableSnapshot::load(*connector, plan.splits[0], 10, spent);
  ASSERT_NE(snapshot, nullptr);
  ASSERT_TRUE(snapshot->serves(plan.splits[0]));
  auto from_snapshot = ids_of(*snapshot->read(plan.splits[0]));
  auto from_lark = read_all(*connector, plan).strings(0);
  EXPECT_EQ(std::set<std::string>(from_snapshot.begin(), from_snapshot.end()),
            std::set<std::string>(from_lark.begin(), from_lark.end()));
  EXPECT_EQ(from_snapshot.size(), from_lark.size());
  EXPECT_FALSE(from_lark.empty());
}

TEST_F(ConnectorEmulatorTest, ASnapshotGivesUpOnATableLargerThanItsPageBudget) {
  auto connector = direct_connector();
  auto plan = connector->plan(orders_request({"$reserved_record_id"}));
  ReadStats spent;
  EXPECT_EQ(TableSnapshot::load(*connector, plan.splits.at(0), 1, spent), nullptr);
  EXPECT_GE(spent.pages, 1u);
  EXPECT_LE(spent.pages, 3u);  // stopped at the budget (and at most a prefetched page)
}

TEST_F(ConnectorEmulatorTest, ASnapshotDoesNotServeWhatItCannotAnswerExactly) {
  auto connector = direct_connector();
  auto plan = connector->plan(orders_request({"$reserved_record_id", "quantity", "channels"}));
  ReadStats spent;
  auto snapshot = TableSnapshot::load(*connector, plan.splits.at(0), 10, spent);
  ASSERT_NE(snapshot, nullptr);
  EXPECT_TRUE(snapshot->serves(plan.splits[0]));

  // A range on a list column: the reader's evaluator cannot check it (Lark would
  // have filtered), so the snapshot would let rows through that Lark would not.
  Split unevaluable = plan.splits[0];
  unevaluable.constraints.add("channels", ValueSet::gt(Value("Online")));
  EXPECT_FALSE(snapshot->serves(unevaluable));
  EXPECT_FALSE(TableSnapshot::could_serve(unevaluable));
  EXPECT_TRUE(TableSnapshot::could_serve(plan.splits[0]));

  Split sorted = plan.splits[0];
  sorted.query.sort = common::Json::array({{{"field_name", "Quantity"}, {"desc", true}}});
  EXPECT_FALSE(snapshot->serves(sorted)) << "a snapshot has no order to give";
  EXPECT_FALSE(TableSnapshot::could_serve(sorted));
  auto wider = connector->plan(orders_request({"$reserved_record_id", "status"}));
  EXPECT_FALSE(snapshot->serves(wider.splits.at(0))) << "status was not read";
  ScanRequest customers;
  customers.schema = "sales";
  customers.table = "customers";
  customers.columns = {"$reserved_record_id"};
  EXPECT_FALSE(snapshot->serves(connector->plan(customers).splits.at(0))) << "another table";
}

TEST_F(ConnectorEmulatorTest, LimitZeroMakesNoCall) {
  auto connector = direct_connector();
  auto request = orders_request();
  request.constraints.limit = 0;
  auto plan = connector->plan(request);
  EXPECT_TRUE(plan.splits.empty());
}

TEST_F(ConnectorEmulatorTest, FailingPagesFailTheReadNamingTheTable) {
  auto split = direct_connector()->plan(orders_request({"$reserved_record_id"})).splits.at(0);
  EmulatorProcess faulty({"--demo", "--rows", kRows, "--fault-rate", "1"});
  auto config = config_for(faulty);
  config.lark.retry.max_attempts = 3;
  auto connector = Connector::create(config);
  auto reader = connector->read(split);
  try {
    while (reader->next()) {
    }
    FAIL() << "a read against a failing API must not end cleanly";
  } catch (const common::ExternalError& error) {
    EXPECT_NE(std::string(error.what()).find("sales.orders"), std::string::npos) << error.what();
  }
  // It stays failed: no clean end of data after an error.
  EXPECT_THROW(reader->next(), common::ExternalError);
}

TEST_F(ConnectorEmulatorTest, OccasionalFaultsAreRetriedToACompleteResult) {
  auto expected = plain_search_ids();
  EmulatorProcess flaky({"--demo", "--rows", kRows, "--fault-rate", "0.1"});
  auto config = config_for(flaky);
  config.sources.bases = {{base_token(flaky, "Sales"), "sales"}};
  auto connector = Connector::create(config);
  auto result = read_all(*connector, connector->plan(orders_request({"$reserved_record_id"})));
  // A whole-table scan is read as concurrent ranges: the rows come in no fixed order.
  auto ids = result.strings(0);
  std::sort(ids.begin(), ids.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
}

}  // namespace
}  // namespace larkbase::connector
