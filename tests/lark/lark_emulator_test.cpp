// The client against the real emulator (`larkbase emulator` as a child
// process): complete scans, faults, throttling, token expiry and errors.
#include <gtest/gtest.h>

#include <set>

#include "common/error.hpp"
#include "emulator_process.hpp"
#include "lark/bitable_client.hpp"
#include "lark/drive_client.hpp"

namespace larkbase::lark {
namespace {

using common::Json;
using testing::EmulatorProcess;

struct TableRef {
  std::string app_token;
  std::string table_id;
};

// The demo's large table (Sales / orders), found through the handshake.
TableRef orders_table(const EmulatorProcess& emulator) {
  for (const auto& base : emulator.handshake().at("bases")) {
    for (const auto& table : base.at("tables")) {
      if (table.at("name") == "orders") return {base.at("app_token"), table.at("table_id")};
    }
  }
  throw std::runtime_error("the demo dataset has no 'orders' table: " +
                           emulator.handshake().dump());
}

LarkConfig emulator_config(const EmulatorProcess& emulator) {
  LarkConfig config;
  config.api_url = emulator.url();
  config.app_id = emulator.app_id();
  config.app_secret = emulator.app_secret();
  config.retry.base_delay = std::chrono::milliseconds(20);
  config.retry.max_attempts = 8;
  config.search_rate_limit = 0;
  config.default_rate_limit = 0;
  return config;
}

struct ScanResult {
  std::vector<std::string> ids;
  int64_t total = -1;
  int pages = 0;
};

ScanResult scan(LarkClient& client, const TableRef& table, int page_size = 500) {
  BitableClient bitable(client);
  SearchRequest request;
  request.app_token = table.app_token;
  request.table_id = table.table_id;
  request.query.page_size = page_size;
  auto search = bitable.search(request);
  ScanResult result;
  while (auto page = search.next()) {
    result.total = page->total;
    for (const auto& item : search_page_items(*page)) result.ids.push_back(item.at("record_id"));
  }
  result.pages = search.pages();
  return result;
}

void expect_complete(const ScanResult& result, int64_t rows) {
  std::set<std::string> unique(result.ids.begin(), result.ids.end());
  EXPECT_EQ(int64_t(result.ids.size()), rows);
  EXPECT_EQ(unique.size(), result.ids.size()) << "a record was returned twice";
  EXPECT_EQ(result.total, rows);
}

TEST(LarkEmulatorTest, PagingTwentyThousandRecordsReturnsEachExactlyOnce) {
  EmulatorProcess emulator({"--demo", "--rows", "20000"});
  LarkClient client(emulator_config(emulator));
  auto result = scan(client, orders_table(emulator));
  expect_complete(result, 20000);
  EXPECT_EQ(result.pages, 40);
  auto stats = client.stats().snapshot();
  EXPECT_EQ(stats.pages, 40u);
  EXPECT_EQ(stats.retries, 0u);
  EXPECT_GT(stats.bytes_received, 20000u * 50);
}

TEST(LarkEmulatorTest, FaultsAreRetriedAndTheScanIsStillExact) {
  EmulatorProcess emulator(
      {"--demo", "--rows", "10000", "--fault-rate", "0.2", "--fault-seed", "7"});
  LarkClient client(emulator_config(emulator));
  auto result = scan(client, orders_table(emulator));
  expect_complete(result, 10000);
  EXPECT_GT(client.stats().snapshot().retries, 0u);
}

TEST(LarkEmulatorTest, PermanentFaultsFailClearlyAfterTheBudget) {
  EmulatorProcess emulator({"--demo", "--rows", "100", "--fault-rate", "1"});
  auto config = emulator_config(emulator);
  config.retry.max_attempts = 3;
  LarkClient client(config);
  auto table = orders_table(emulator);
  try {
    scan(client, table);
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("records/search"), std::string::npos) << message;
    EXPECT_NE(message.find(table.table_id), std::string::npos) << message;
    EXPECT_NE(message.find("(the attempt limit)"), std::string::npos) << message;
    EXPECT_NE(message.find("log id"), std::string::npos) << message;
  }
  EXPECT_EQ(client.stats().snapshot().retries, 2u);
}

TEST(LarkEmulatorTest, ClientRateLimitKeepsUnderTheServerLimit) {
  EmulatorProcess emulator({"--demo", "--rows", "4000", "--rate-limit", "5"});
  auto config = emulator_config(emulator);
  config.search_rate_limit = 5;
  LarkClient client(config);
  auto started = std::chrono::steady_clock::now();
  auto result = scan(client, orders_table(emulator), 500);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  expect_complete(result, 4000);
  auto stats = client.stats().snapshot();
  // Search calls (the token call has its own class); the first goes out at once.
  double search_calls = double(stats.calls - stats.token_refreshes);
  EXPECT_LE((search_calls - 1) / seconds, 5.0 * 1.05) << stats.to_string();
}

TEST(LarkEmulatorTest, ServerThrottlingWithoutAClientLimitEndsWithoutError) {
  EmulatorProcess emulator({"--demo", "--rows", "4000", "--rate-limit", "5"});
  LarkClient client(emulator_config(emulator));  // no client-side limit
  auto result = scan(client, orders_table(emulator), 500);
  expect_complete(result, 4000);
}

TEST(LarkEmulatorTest, TokenExpiringMidScanIsRefreshed) {
  EmulatorProcess emulator({"--demo", "--rows", "3000", "--token-ttl", "2", "--latency-ms", "250"});
  LarkClient client(emulator_config(emulator));
  auto result = scan(client, orders_table(emulator), 200);  // 15 pages * 250 ms > 2 s
  expect_complete(result, 3000);
  EXPECT_GE(client.stats().snapshot().token_refreshes, 2u);
}

TEST(LarkEmulatorTest, ApiErrorsCarryCodeAndMessage) {
  EmulatorProcess emulator({"--demo", "--rows", "10"});
  LarkClient client(emulator_config(emulator));
  BitableClient bitable(client);
  auto table = orders_table(emulator);
  SearchRequest request;
  request.app_token = table.app_token;
  request.table_id = table.table_id;
  request.query.filter = Json{
      {"conjunction", "and"},
      {"conditions", {{{"field_name", "no such field"}, {"operator", "is"}, {"value", {"x"}}}}}};
  try {
    bitable.search(request).next();
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("1254045"), std::string::npos) << message;
    EXPECT_NE(message.find("log id"), std::string::npos) << message;
    EXPECT_FALSE(error.retryable());
  }
  try {
    bitable.list_fields(table.app_token, "tblDoesNotExist");
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    EXPECT_NE(std::string(error.what()).find("1254041"), std::string::npos) << error.what();
  }
}

TEST(LarkEmulatorTest, WrongSecretIsAUserError) {
  EmulatorProcess emulator({"--demo", "--rows", "10"});
  auto config = emulator_config(emulator);
  config.app_secret = "definitely-wrong";
  LarkClient client(config);
  BitableClient bitable(client);
  EXPECT_THROW(bitable.list_tables(orders_table(emulator).app_token), common::UserError);
}

TEST(LarkEmulatorTest, TablesFieldsAndDriveMatchTheHandshake) {
  EmulatorProcess emulator({"--demo", "--rows", "10"});
  LarkClient client(emulator_config(emulator));
  BitableClient bitable(client);
  std::set<std::string> base_tokens;
  for (const auto& base : emulator.handshake().at("bases")) {
    base_tokens.insert(base.at("app_token").get<std::string>());
    std::set<std::string> expected, listed;
    for (const auto& table : base.at("tables")) expected.insert(table.at("table_id"));
    for (const auto& table : bitable.list_tables(base.at("app_token"))) {
      listed.insert(table.table_id);
      auto fields = bitable.list_fields(base.at("app_token"), table.table_id);
      EXPECT_FALSE(fields->empty()) << table.table_id;
      for (const auto& field : *fields) EXPECT_EQ(field.raw.at("field_id"), field.field_id);
    }
    EXPECT_EQ(listed, expected);
  }
  auto folder = emulator.handshake().at("drive_folder").get<std::string>();
  size_t bitables = 0;
  for (const auto& file : list_folder(client, folder)) {
    if (file.type != "bitable") continue;
    ++bitables;
    EXPECT_EQ(base_tokens.count(file.token), 1u) << file.token;
  }
  EXPECT_GT(bitables, 0u);
}

}  // namespace
}  // namespace larkbase::lark
