// The crawler against the Lark emulator (a child process with the demo data)
// and a local catalog file: the demo control table and Drive folder are
// registered; the Glue flow over the crawled file serves the same schemas and
// rows as the direct control-table flow; a second crawl skips everything with
// no writes; Lark faults are retried and the crawl completes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "catalog/catalog_store_file.hpp"
#include "common/error.hpp"
#include "connector/connector.hpp"
#include "crawler/crawl_job.hpp"
#include "crawler/lambda_handler.hpp"
#include "emulator_process.hpp"

namespace larkbase::crawler {
namespace {

using larkbase::testing::EmulatorProcess;

lark::LarkConfig lark_config(const EmulatorProcess& emu) {
  lark::LarkConfig config;
  config.api_url = emu.url();
  config.app_id = emu.app_id();
  config.app_secret = emu.app_secret();
  config.retry.max_attempts = 12;
  config.retry.base_delay = std::chrono::milliseconds(2);
  config.retry.max_delay = std::chrono::milliseconds(20);
  config.search_rate_limit = 1000;
  config.default_rate_limit = 1000;
  return config;
}

CrawlRequest control_request(const EmulatorProcess& emu) {
  CrawlRequest request;
  request.control_base = emu.handshake().at("control_table").at("app_token").get<std::string>();
  request.control_table = emu.handshake().at("control_table").at("table_id").get<std::string>();
  return request;
}

std::string temp_path(const std::string& name) {
  auto path = std::filesystem::temp_directory_path() /
              ("crawler_emu_" + std::to_string(::getpid()) + "_" + name + ".json");
  std::filesystem::remove(path);
  return path.string();
}

int total(const CrawlSummary& summary, Status status) {
  auto totals = summary.table_totals();
  return totals.count(status) ? totals.at(status) : 0;
}

// Every table's schema (names, types) and its row count through a connector.
std::map<std::string, std::string> snapshot(connector::Connector& connector) {
  std::map<std::string, std::string> out;
  for (const auto& schema : connector.list_schemas()) {
    for (const auto& table : connector.list_tables(schema)) {
      auto columns = connector.get_table(schema, table);
      std::string text;
      for (const auto& column : columns.columns())
        text += column.name + ":" + column.glue_type + ",";
      auto plan = connector.plan({schema, table, {}, {}});
      size_t rows = 0;
      for (const auto& split : plan.splits) {
        auto reader = connector.read(split);
        while (auto batch = reader->next()) rows += static_cast<size_t>(batch->num_rows);
      }
      out[schema + "." + table] = text + " rows=" + std::to_string(rows);
    }
  }
  return out;
}

TEST(CrawlerEmulator, ControlTableCrawlServesTheSameTablesAsTheDirectFlow) {
  EmulatorProcess emu({"--demo", "--rows", "300"});
  std::string path = temp_path("control");
  auto request = control_request(emu);
  auto first = run_crawl(lark_config(emu), request, path);
  ASSERT_TRUE(first.ok()) << first.to_text();
  EXPECT_EQ(first.databases.size(), 3u);
  EXPECT_GE(total(first, Status::kCreated), 6);

  connector::ConnectorConfig direct;
  direct.lark = lark_config(emu);
  direct.sources.control_table_enabled = true;
  direct.sources.control_tables = {{request.control_base, request.control_table}};
  connector::ConnectorConfig glue;
  glue.lark = lark_config(emu);
  glue.sources.glue_catalog = path;
  auto direct_view = snapshot(*connector::Connector::create(direct));
  auto glue_view = snapshot(*connector::Connector::create(glue));
  EXPECT_EQ(glue_view, direct_view);
  EXPECT_GT(direct_view.size(), 5u);

  auto second = run_crawl(lark_config(emu), request, path);
  EXPECT_EQ(total(second, Status::kSkipped), total(first, Status::kCreated));
  EXPECT_EQ(second.failures(), 0);
  EXPECT_EQ(first.to_json()["totals"]["tables"]["created"], total(first, Status::kCreated));
  std::filesystem::remove(path);
}

TEST(CrawlerEmulator, DriveFolderThroughTheLambdaHandlerAndLarkFaults) {
  EmulatorProcess emu({"--demo", "--rows", "100", "--fault-rate", "0.3", "--fault-seed", "7"});
  std::string path = temp_path("drive");
  ::setenv("LARK_API_URL", emu.url().c_str(), 1);
  ::setenv("LARK_APP_ID", emu.app_id().c_str(), 1);
  ::setenv("LARK_APP_SECRET", emu.app_secret().c_str(), 1);
  ::setenv("LARK_MAX_ATTEMPTS", "20", 1);
  ::setenv("LARKBASE_CRAWL_CATALOG", path.c_str(), 1);
  std::string folder = emu.handshake().at("drive_folder").get<std::string>();
  auto response = common::Json::parse(handle_lambda_event(
      R"({"handlerType":"LARK_DRIVE","payload":{"larkDriveFolderToken":")" + folder + "\"}}"));
  EXPECT_TRUE(response["ok"].get<bool>()) << response.dump(2);
  EXPECT_GE(response["totals"]["tables"]["created"].get<int>(), 6);
  std::set<std::string> names;
  for (const auto& database : response["databases"]) names.insert(database["name"]);
  EXPECT_TRUE(names.count("sales") && names.count("marketing") && names.count("inventory"));
  auto again = common::Json::parse(handle_lambda_event(
      R"({"handler_type":"lark_drive","larkDriveFolderToken":")" + folder + "\"}"));
  EXPECT_EQ(again["totals"]["tables"]["skipped"], response["totals"]["tables"]["created"]);
  EXPECT_EQ(again["totals"]["tables"]["created"], 0);
  EXPECT_THROW(handle_lambda_event(R"({"handlerType":"NOPE","payload":{}})"), common::UserError);
  for (const char* name : {"LARK_API_URL", "LARK_APP_ID", "LARK_APP_SECRET", "LARK_MAX_ATTEMPTS",
                           "LARKBASE_CRAWL_CATALOG"}) {
    ::unsetenv(name);
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace larkbase::crawler
