// The crawler writing AWS Glue: the Lark emulator (demo data) and the local
// AWS emulator as child processes, the crawl going through aws::GlueClient.
// The demo control table lands in Glue; a second crawl skips everything and
// makes no Glue write (the store counts none and Glue's UpdateTime does not
// move); the Glue flow over it serves what the direct flow serves; a hand-made
// Glue table is never touched, prune or not, while our own stale table is
// pruned through BatchDeleteTable; with Glue throttling injected the crawl
// completes through retries. A catalog id is sent on every Glue call: the
// crawl and the Glue flow work on the caller's own catalog named explicitly,
// and every call naming another account's catalog is refused. A slow Glue
// under a short Lambda deadline fails the crawl Lambda as a DeadlineError.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>

#include "aws/aws_error.hpp"
#include "aws/aws_service.hpp"
#include "aws/glue_client.hpp"
#include "aws_emulator_process.hpp"
#include "catalog/catalog_store.hpp"
#include "catalog/catalog_store_glue.hpp"
#include "catalog/lark_metadata_source.hpp"
#include "common/deadline.hpp"
#include "connector/connector.hpp"
#include "crawler/crawler.hpp"
#include "crawler/lambda_handler.hpp"
#include "emulator_process.hpp"
#include "lark/bitable_client.hpp"
#include "lark/lark_client.hpp"

namespace larkbase::crawler {
namespace {

using common::Json;
using larkbase::testing::AwsEmulatorProcess;
using larkbase::testing::EmulatorProcess;

lark::LarkConfig lark_config(const EmulatorProcess& emu) {
  lark::LarkConfig config;
  config.api_url = emu.url();
  config.app_id = emu.app_id();
  config.app_secret = emu.app_secret();
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

int total(const CrawlSummary& summary, Status status) {
  auto totals = summary.table_totals();
  return totals.count(status) ? totals.at(status) : 0;
}

const ItemReport* find_table(const CrawlSummary& summary, const std::string& db,
                             const std::string& name) {
  for (const auto& database : summary.databases) {
    if (database.database.name != db) continue;
    for (const auto& item : database.tables) {
      if (item.name == name) return &item;
    }
  }
  return nullptr;
}

// One crawl through its own Glue store; `writes` receives the store's write count.
struct GlueCrawl {
  CrawlSummary summary;
  int writes = 0;
  uint64_t retries = 0;
};

GlueCrawl crawl(const EmulatorProcess& lark_emu, const aws::AwsConfig& aws, CrawlRequest request,
                const std::string& catalog_id = "") {
  lark::LarkClient client(lark_config(lark_emu));
  lark::BitableClient bitable(client);
  catalog::LarkMetadataSource metadata(bitable);
  catalog::GlueCatalogStore store(aws, catalog_id);
  GlueCrawl result;
  result.summary = Crawler(metadata, store).run(request);
  result.writes = store.call_counts().writes;
  result.retries = store.client().transport().stats().snapshot().retries;
  return result;
}

// "db.table" -> UpdateTime, read with raw GetTables answers (the model drops times).
std::map<std::string, double> update_times(aws::GlueClient& glue) {
  std::map<std::string, double> times;
  for (const auto& database : glue.get_databases()) {
    Json output = glue.transport().call_json(aws::AwsService::kGlue, "GetTables",
                                             {{"DatabaseName", database.name}});
    for (const auto& table : output.at("TableList")) {
      times[database.name + "." + table.at("Name").get<std::string>()] =
          table.at("UpdateTime").get<double>();
    }
  }
  return times;
}

// Every table's columns and row count through a connector.
std::map<std::string, std::string> snapshot(connector::Connector& connector) {
  std::map<std::string, std::string> out;
  for (const auto& schema : connector.list_schemas()) {
    for (const auto& table : connector.list_tables(schema)) {
      std::string text;
      auto columns = connector.get_table(schema, table);
      for (const auto& column : columns.columns()) {
        text += column.name + ":" + column.glue_type + ",";
      }
      size_t rows = 0;
      for (const auto& split : connector.plan({schema, table, {}, {}}).splits) {
        auto reader = connector.read(split);
        while (auto batch = reader->next()) rows += static_cast<size_t>(batch->num_rows);
      }
      out[schema + "." + table] = text + " rows=" + std::to_string(rows);
    }
  }
  return out;
}

// Points resolve_aws_config() (hence `glue` catalogs) at the emulator.
class AwsEnv {
 public:
  AwsEnv() = default;
  explicit AwsEnv(const AwsEmulatorProcess& aws) {
    set("AWS_ENDPOINT_URL", aws.url());
    set("AWS_REGION", aws.handshake().at("region").get<std::string>());
    set("AWS_ACCESS_KEY_ID", "AKIDEMULATOR");
    set("AWS_SECRET_ACCESS_KEY", "emulator-secret-key");
  }
  ~AwsEnv() {
    for (const auto& name : names_) ::unsetenv(name.c_str());
  }

  void set(const std::string& name, const std::string& value) {
    ::setenv(name.c_str(), value.c_str(), 1);
    names_.push_back(name);
  }

 private:
  std::vector<std::string> names_;
};

TEST(CrawlerGlue, ControlTableIntoGlueThenSkippedWithoutWritesAndServedLikeTheDirectFlow) {
  EmulatorProcess lark_emu({"--demo", "--rows", "120"});
  AwsEmulatorProcess aws_emu(std::vector<std::string>{});
  auto request = control_request(lark_emu);
  auto first = crawl(lark_emu, aws_emu.config(), request);
  ASSERT_TRUE(first.summary.ok()) << first.summary.to_text();
  EXPECT_EQ(first.summary.databases.size(), 3u);
  EXPECT_GE(total(first.summary, Status::kCreated), 6);
  EXPECT_EQ(first.writes, 3 + total(first.summary, Status::kCreated));

  aws::GlueClient glue(aws_emu.config());
  auto before = update_times(glue);
  EXPECT_EQ(before.size(), size_t(total(first.summary, Status::kCreated)));
  auto second = crawl(lark_emu, aws_emu.config(), request);
  EXPECT_EQ(total(second.summary, Status::kSkipped), total(first.summary, Status::kCreated))
      << second.summary.to_text();
  EXPECT_EQ(second.summary.failures(), 0);
  EXPECT_EQ(second.writes, 0);
  EXPECT_EQ(update_times(glue), before);

  AwsEnv env(aws_emu);
  connector::ConnectorConfig direct;
  direct.lark = lark_config(lark_emu);
  direct.sources.control_table_enabled = true;
  direct.sources.control_tables = {{request.control_base, request.control_table}};
  connector::ConnectorConfig glue_flow;
  glue_flow.lark = lark_config(lark_emu);
  glue_flow.sources.glue_catalog = "glue";
  auto direct_view = snapshot(*connector::Connector::create(direct));
  auto glue_view = snapshot(*connector::Connector::create(glue_flow));
  EXPECT_EQ(glue_view, direct_view);
  EXPECT_GT(direct_view.size(), 5u);
}

TEST(CrawlerGlue, HandMadeTableIsNeverTouchedAndOurStaleTableIsPrunedInABatch) {
  EmulatorProcess lark_emu({"--demo", "--rows", "20"});
  AwsEmulatorProcess aws_emu(std::vector<std::string>{});
  auto request = control_request(lark_emu);
  auto first = crawl(lark_emu, aws_emu.config(), request);
  ASSERT_TRUE(first.summary.ok()) << first.summary.to_text();
  const std::string database = first.summary.databases.at(0).database.name;
  ASSERT_FALSE(first.summary.databases.at(0).tables.empty());
  const std::string ours = first.summary.databases.at(0).tables.at(0).name;

  aws::GlueClient glue(aws_emu.config());
  aws::GlueTable hand;
  hand.name = "hand_made";
  hand.parameters = {{"classification", "csv"}};
  hand.storage_descriptor = aws::GlueStorageDescriptor{};
  hand.storage_descriptor->columns = {{"a", "string", "", {}}};
  glue.create_table(database, hand);
  // A copy of one of ours under a name Lark does not list: our own stale table.
  aws::GlueTable stale = glue.get_table(database, ours);
  stale.name = "gone_from_lark";
  stale.parameters["larkTableId"] = "tblGone000001";
  glue.create_table(database, stale);
  auto hand_before = glue.get_table(database, "hand_made");
  auto times_before = update_times(glue);

  auto kept = crawl(lark_emu, aws_emu.config(), request);
  ASSERT_NE(find_table(kept.summary, database, "hand_made"), nullptr) << kept.summary.to_text();
  EXPECT_EQ(find_table(kept.summary, database, "hand_made")->status, Status::kLeftAlone);
  EXPECT_EQ(find_table(kept.summary, database, "gone_from_lark")->status, Status::kStale);
  EXPECT_EQ(kept.writes, 0);

  request.prune = true;
  auto pruned = crawl(lark_emu, aws_emu.config(), request);
  EXPECT_EQ(find_table(pruned.summary, database, "hand_made")->status, Status::kLeftAlone);
  EXPECT_EQ(find_table(pruned.summary, database, "gone_from_lark")->status, Status::kDeleted);
  EXPECT_EQ(pruned.writes, 1);  // one BatchDeleteTable
  EXPECT_EQ(glue.get_table(database, "hand_made"), hand_before);
  auto times_after = update_times(glue);
  EXPECT_EQ(times_after.count(database + ".gone_from_lark"), 0u);
  times_before.erase(database + ".gone_from_lark");
  EXPECT_EQ(times_after, times_before);
}

TEST(CrawlerGlue, ThrottledGlueIsRetriedAndTheCrawlCompletes) {
  EmulatorProcess lark_emu({"--demo", "--rows", "20"});
  AwsEmulatorProcess aws_emu({"--throttle-rate", "0.3", "--fault-seed", "11"});
  auto config = aws_emu.config();
  config.retry.max_attempts = 12;
  auto request = control_request(lark_emu);
  auto first = crawl(lark_emu, config, request);
  ASSERT_TRUE(first.summary.ok()) << first.summary.to_text();
  EXPECT_GE(total(first.summary, Status::kCreated), 6);
  EXPECT_GT(first.retries, 0u);
  auto second = crawl(lark_emu, config, request);
  EXPECT_EQ(total(second.summary, Status::kSkipped), total(first.summary, Status::kCreated));
  EXPECT_EQ(second.writes, 0);
}

TEST(CrawlerGlue, LambdaReadsTheLarkAppFromSecretsManagerAndWritesGlueByDefault) {
  EmulatorProcess lark_emu({"--demo", "--rows", "20"});
  AwsEmulatorProcess aws_emu(
      {"--demo", "--secret", R"(larkbase/bad={"lark_app_id":"cli_x","note":"hunter2-value"})"});
  AwsEnv env(aws_emu);
  env.set("LARK_API_URL", lark_emu.url());
  env.set("default_secret_manager_lark_app_key", "larkbase/lark-app");
  ASSERT_EQ(std::getenv("LARK_APP_ID"), nullptr);
  ASSERT_EQ(std::getenv("LARKBASE_CRAWL_CATALOG"), nullptr);
  std::string folder = lark_emu.handshake().at("drive_folder").get<std::string>();
  std::string event = R"({"handler_type":"lark_drive","larkDriveFolderToken":")" + folder + "\"}";
  std::string response = handle_lambda_event(event);
  auto summary = Json::parse(response);
  EXPECT_TRUE(summary["ok"].get<bool>()) << summary.dump(2);
  EXPECT_NE(summary["catalog"].get<std::string>().find("AWS Glue"), std::string::npos);
  EXPECT_GE(summary["totals"]["tables"]["created"].get<int>(), 6);
  // The AWS demo's `sales` database is this Drive folder's: its tables were added to it.
  aws::GlueClient glue(aws_emu.config());
  EXPECT_GE(glue.get_tables("sales").size(), 2u);
  EXPECT_EQ(response.find(lark_emu.app_secret()), std::string::npos);

  env.set("default_secret_manager_lark_app_key", "larkbase/bad");
  try {
    handle_lambda_event(event);
    ADD_FAILURE() << "a secret without lark_app_secret was accepted";
  } catch (const common::UserError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("larkbase/bad"), std::string::npos) << message;
    EXPECT_NE(message.find("lark_app_secret"), std::string::npos) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

TEST(CrawlerGlue, PruneOfMoreThanAHundredTablesGoesInChunksGlueAccepts) {
  AwsEmulatorProcess aws_emu(std::vector<std::string>{});
  aws::GlueClient glue(aws_emu.config());
  aws::GlueDatabase database;
  database.name = "many";
  glue.create_database(database);
  std::vector<std::string> names;
  for (int i = 0; i < 230; ++i) {
    aws::GlueTable table;
    table.name = "t" + std::to_string(i);
    table.storage_descriptor = aws::GlueStorageDescriptor{};
    glue.create_table("many", table);
    names.push_back(table.name);
  }
  names.push_back("not_there");
  // The emulator refuses a BatchDeleteTable of more than 100 names, as Glue does.
  catalog::GlueCatalogStore store(aws_emu.config());
  auto errors = store.delete_tables("many", names);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors.at("not_there").find("EntityNotFoundException"), std::string::npos);
  EXPECT_TRUE(glue.get_tables("many").empty());
}

TEST(CrawlerGlue, CatalogIdIsSentOnEveryCallAndServesTheNamedCatalog) {
  EmulatorProcess lark_emu({"--demo", "--rows", "20"});
  AwsEmulatorProcess aws_emu(std::vector<std::string>{});
  const std::string account = aws_emu.handshake().at("account_id").get<std::string>();
  auto request = control_request(lark_emu);
  auto first = crawl(lark_emu, aws_emu.config(), request, account);
  ASSERT_TRUE(first.summary.ok()) << first.summary.to_text();
  EXPECT_GE(total(first.summary, Status::kCreated), 6);
  auto second = crawl(lark_emu, aws_emu.config(), request, account);
  EXPECT_EQ(total(second.summary, Status::kSkipped), total(first.summary, Status::kCreated));
  EXPECT_EQ(second.writes, 0);

  // The Glue flow reads the same catalog when it is named.
  AwsEnv env(aws_emu);
  connector::ConnectorConfig glue_flow;
  glue_flow.lark = lark_config(lark_emu);
  glue_flow.sources.glue_catalog = "glue";
  glue_flow.sources.glue_catalog_id = account;
  EXPECT_EQ(connector::Connector::create(glue_flow)->list_schemas().size(), 3u);

  // Every Glue call carries the id: each one naming another account's catalog
  // is refused with Glue's AccessDeniedException naming that catalog (without
  // CatalogId they would answer, or fail with another error).
  const std::string other = "999999999999";
  const std::string database = first.summary.databases.at(0).database.name;
  const std::string table = first.summary.databases.at(0).tables.at(0).name;
  aws::GlueClient own(aws_emu.config());
  aws::GlueClient foreign(aws_emu.config(), other);
  auto refused = [&](const char* call, const std::function<void()>& run) {
    try {
      run();
      ADD_FAILURE() << call << " was answered for catalog " << other;
    } catch (const aws::AwsError& error) {
      EXPECT_EQ(error.code(), "AccessDeniedException") << call << ": " << error.what();
      EXPECT_NE(std::string(error.what()).find(":" + other + ":catalog"), std::string::npos)
          << error.what();
    }
  };
  auto db = own.get_database(database);
  auto tbl = own.get_table(database, table);
  refused("GetDatabases", [&] { foreign.get_databases(); });
  refused("GetDatabase", [&] { foreign.get_database(database); });
  refused("CreateDatabase", [&] {
    auto copy = db;
    copy.name = "fresh";
    foreign.create_database(copy);
  });
  refused("UpdateDatabase", [&] { foreign.update_database(database, db); });
  refused("DeleteDatabase", [&] { foreign.delete_database(database); });
  refused("GetTables", [&] { foreign.get_tables(database); });
  refused("GetTable", [&] { foreign.get_table(database, table); });
  refused("CreateTable", [&] {
    auto copy = tbl;
    copy.name = "fresh";
    foreign.create_table(database, copy);
  });
  refused("UpdateTable", [&] { foreign.update_table(database, tbl); });
  refused("DeleteTable", [&] { foreign.delete_table(database, table); });
  refused("BatchDeleteTable", [&] { foreign.batch_delete_table(database, {table}); });
  EXPECT_EQ(own.get_table(database, table), tbl);

  // The crawler against another account's catalog fails before writing.
  EXPECT_THROW(crawl(lark_emu, aws_emu.config(), request, other), common::Error);
  // The Lambda takes the id from LARKBASE_GLUE_CATALOG_ID.
  env.set("LARK_API_URL", lark_emu.url());
  env.set("LARK_APP_ID", lark_emu.app_id());
  env.set("LARK_APP_SECRET", lark_emu.app_secret());
  env.set("LARKBASE_GLUE_CATALOG_ID", account);
  std::string event = R"({"handler_type":"lark_base","larkBaseDataSourceId":")" +
                      request.control_base + R"(","larkTableDataSourceId":")" +
                      request.control_table + "\"}";
  auto summary = Json::parse(handle_lambda_event(event));
  EXPECT_TRUE(summary["ok"].get<bool>()) << summary.dump(2);
  EXPECT_NE(summary["catalog"].get<std::string>().find("catalog " + account), std::string::npos)
      << summary["catalog"];
  env.set("LARKBASE_GLUE_CATALOG_ID", other);
  EXPECT_THROW(handle_lambda_event(event), common::Error);
  // A catalog id with a local file is a user error naming both.
  try {
    catalog::CatalogStoreOptions options;
    options.glue_catalog_id = account;
    catalog::open_catalog_store("catalog.json", options);
    ADD_FAILURE() << "a catalog id was accepted with a file";
  } catch (const common::UserError& error) {
    EXPECT_NE(std::string(error.what()).find("catalog.json"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("--catalog-id"), std::string::npos) << error.what();
  }
}

// Every Glue answer takes 5 s; the crawl Lambda has a 1.5 s deadline. Its Glue
// calls fit the deadline (a call's attempt is cut to it), so the crawl fails
// retryably as a DeadlineError naming Glue and the Lambda deadline, before even
// one Glue answer comes (a crawl without the deadline makes dozens of them).
TEST(CrawlerGlue, SlowGlueStopsTheLambdaCrawlAtItsDeadline) {
  EmulatorProcess lark_emu({"--demo", "--rows", "20"});
  AwsEmulatorProcess aws_emu({"--latency-ms", "5000"});
  AwsEnv env(aws_emu);
  env.set("LARK_API_URL", lark_emu.url());
  env.set("LARK_APP_ID", lark_emu.app_id());
  env.set("LARK_APP_SECRET", lark_emu.app_secret());
  auto request = control_request(lark_emu);
  std::string event = R"({"handler_type":"lark_base","larkBaseDataSourceId":")" +
                      request.control_base + R"(","larkTableDataSourceId":")" +
                      request.control_table + "\"}";
  const auto started = std::chrono::steady_clock::now();
  try {
    handle_lambda_event(event, started + std::chrono::milliseconds(1500));
    ADD_FAILURE() << "the crawl finished against a Glue slower than its deadline";
  } catch (const common::DeadlineError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("Lambda deadline"), std::string::npos) << message;
    EXPECT_NE(message.find("Glue"), std::string::npos) << message;
    EXPECT_TRUE(error.retryable());
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(4500))
      << "the crawl waited for a Glue answer past its deadline";
}

}  // namespace
}  // namespace larkbase::crawler
