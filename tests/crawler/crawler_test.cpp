// The crawl algorithm over an in-memory Lark and a real local catalog file:
// create / skip / update (rename, type change) / stale / prune, hand-made and
// foreign objects left alone, failures isolated (a lookup target Lark keeps
// failing fails its table), collisions named, dry run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "catalog/catalog_store_file.hpp"
#include "catalog/glue_objects.hpp"
#include "crawler/crawler.hpp"
#include "fake_lark.hpp"

namespace larkbase::crawler {
namespace {

using catalog::FileCatalogStore;
using testing::FakeLark;
using testing::field;

class CrawlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("crawler_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "catalog.json").string();
    lark_.add_control_row("Sales", "bascnS");
    lark_.add_control_row("Ops", "bascnO");
    lark_.tables["bascnS"] = {{"tblA", "Orders", 0}, {"tblB", "Customers", 0}};
    lark_.tables["bascnO"] = {{"tblC", "Tasks", 0}};
    lark_.fields[{"bascnS", "tblA"}] = {field("fA1", "Item", 1, "Text"),
                                        field("fA2", "Amount", 2, "Number")};
    lark_.fields[{"bascnS", "tblB"}] = {field("fB1", "Name", 1, "Text")};
    lark_.fields[{"bascnO", "tblC"}] = {field("fC1", "Title", 1, "Text"),
                                        field("fC2", "Done", 7, "Checkbox")};
    request_.control_base = "appCtl";
    request_.control_table = "tblCtl";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CrawlSummary crawl(bool prune = false, bool dry_run = false) {
    FileCatalogStore store(path_, true);
    CrawlRequest request = request_;
    request.prune = prune;
    request.dry_run = dry_run;
    auto summary = Crawler(lark_, store).run(request);
    last_writes_ = store.call_counts().writes;
    return summary;
  }

  static const ItemReport* table(const CrawlSummary& summary, const std::string& db,
                                 const std::string& name) {
    for (const auto& database : summary.databases) {
      if (database.database.name != db) continue;
      for (const auto& item : database.tables) {
        if (item.name == name) return &item;
      }
    }
    return nullptr;
  }

  static int count(const std::map<Status, int>& totals, Status status) {
    auto it = totals.find(status);
    return it == totals.end() ? 0 : it->second;
  }

  std::filesystem::path dir_;
  std::string path_;
  FakeLark lark_;
  CrawlRequest request_;
  int last_writes_ = 0;
};

TEST_F(CrawlerTest, FirstCrawlCreatesSecondSkipsWithoutWrites) {
  auto first = crawl();
  EXPECT_TRUE(first.ok());
  EXPECT_EQ(count(first.database_totals(), Status::kCreated), 2);
  EXPECT_EQ(count(first.table_totals(), Status::kCreated), 3);
  EXPECT_EQ(lark_.list_fields_calls, 3);  // one field-list call per table
  auto second = crawl();
  EXPECT_EQ(count(second.table_totals(), Status::kSkipped), 3);
  EXPECT_EQ(count(second.database_totals(), Status::kSkipped), 2);
  EXPECT_EQ(last_writes_, 0);
  FileCatalogStore reader(path_, false);
  auto tables = reader.list_tables("sales");
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[1].name, "orders");
  EXPECT_EQ(tables[1].parameters.at("larkTableId"), "tblA");
  EXPECT_EQ(tables[1].columns[1].type, "double");
  auto databases = reader.list_databases();
  EXPECT_EQ(databases[1].location_uri,
            "lark-base-flag/CrawlingMethod=LarkBase/DataSource=appCtl:tblCtl/Base=bascnS");
}

TEST_F(CrawlerTest, RenameAndTypeChangeAreUpdatesThatSayWhat) {
  crawl();
  lark_.fields[{"bascnS", "tblA"}] = {field("fA1", "Product", 1, "Text"),
                                      field("fA2", "Amount", 1, "Text")};
  auto summary = crawl();
  const auto* orders = table(summary, "sales", "orders");
  ASSERT_TRUE(orders);
  EXPECT_EQ(orders->status, Status::kUpdated);
  ASSERT_EQ(orders->changes.size(), 2u);
  EXPECT_EQ(orders->changes[0], "field fA1 renamed: 'Item' → 'Product' (column item → product)");
  EXPECT_EQ(orders->changes[1], "column amount: type double → string (Number → Text)");
  EXPECT_EQ(count(summary.table_totals(), Status::kSkipped), 2);
  EXPECT_EQ(last_writes_, 1);
}

TEST_F(CrawlerTest, AddedTableIsCreatedAndRemovedOneIsStaleUntilPruned) {
  crawl();
  lark_.tables["bascnS"] = {{"tblA", "Orders", 0}, {"tblD", "Refunds", 0}};
  lark_.fields[{"bascnS", "tblD"}] = {field("fD1", "Why", 1, "Text")};
  auto summary = crawl();
  EXPECT_EQ(table(summary, "sales", "refunds")->status, Status::kCreated);
  EXPECT_EQ(table(summary, "sales", "customers")->status, Status::kStale);
  EXPECT_TRUE(FileCatalogStore(path_, false).get_table("sales", "customers"));
  auto dry = crawl(true, true);
  EXPECT_EQ(table(dry, "sales", "customers")->status, Status::kDeleted);
  EXPECT_EQ(last_writes_, 0);
  EXPECT_TRUE(FileCatalogStore(path_, false).get_table("sales", "customers"));
  auto pruned = crawl(true);
  EXPECT_EQ(table(pruned, "sales", "customers")->status, Status::kDeleted);
  EXPECT_FALSE(FileCatalogStore(path_, false).get_table("sales", "customers"));
  EXPECT_EQ(count(pruned.table_totals(), Status::kSkipped), 3);
}

TEST_F(CrawlerTest, HandMadeTableIsNeverTouched) {
  crawl();
  catalog::StoredTable mine;
  mine.database = "sales";
  mine.name = "my_notes";
  mine.columns = {{"note", "string", ""}};
  {
    FileCatalogStore store(path_, true);
    store.create_table(mine);
  }
  for (bool prune : {false, true}) {
    auto summary = crawl(prune);
    const auto* notes = table(summary, "sales", "my_notes");
    ASSERT_TRUE(notes);
    EXPECT_EQ(notes->status, Status::kLeftAlone);
    EXPECT_EQ(last_writes_, 0);
    EXPECT_EQ(*FileCatalogStore(path_, false).get_table("sales", "my_notes"), mine);
  }
  // A hand-made table holding a name the crawl wants is reported, not overwritten.
  lark_.tables["bascnS"].push_back({"tblN", "My Notes", 0});
  lark_.fields[{"bascnS", "tblN"}] = {field("fN", "X", 1, "Text")};
  auto summary = crawl(true);
  EXPECT_EQ(table(summary, "sales", "my_notes")->status, Status::kFailed);
  EXPECT_FALSE(summary.ok());
  EXPECT_EQ(*FileCatalogStore(path_, false).get_table("sales", "my_notes"), mine);
}

TEST_F(CrawlerTest, ForeignDatabaseIsReportedAndLeftAlone) {
  {
    FileCatalogStore store(path_, true);
    store.create_database({"sales", "s3://somewhere/else", "", {}});
  }
  auto summary = crawl(true);
  EXPECT_EQ(summary.databases[0].database.status, Status::kFailed);
  EXPECT_NE(summary.databases[0].database.reason.find("s3://somewhere/else"), std::string::npos);
  EXPECT_EQ(summary.databases[1].database.status, Status::kCreated);  // the crawl went on
  EXPECT_TRUE(FileCatalogStore(path_, false).list_tables("sales").empty());
}

TEST_F(CrawlerTest, OneBadTableOrBaseIsReportedAndTheCrawlGoesOn) {
  crawl();
  lark_.failing_tables.insert("tblB");
  lark_.fields[{"bascnS", "tblA"}].push_back(field("fA3", "Note", 1, "Text"));
  lark_.failing_bases.insert("bascnO");
  auto summary = crawl(true);
  EXPECT_EQ(table(summary, "sales", "customers")->status, Status::kFailed);
  EXPECT_NE(table(summary, "sales", "customers")->reason.find("HTTP 500"), std::string::npos);
  EXPECT_EQ(table(summary, "sales", "orders")->status, Status::kUpdated);
  EXPECT_EQ(summary.databases[1].database.status, Status::kFailed);
  EXPECT_EQ(summary.failures(), 2);
  // Nothing of a failed table or base was deleted, even with --prune.
  FileCatalogStore reader(path_, false);
  EXPECT_TRUE(reader.get_table("sales", "customers"));
  EXPECT_TRUE(reader.get_table("ops", "tasks"));
}

TEST_F(CrawlerTest, NameCollisionsFollowTheConnectorRule) {
  lark_.tables["bascnS"] = {{"tblA", "Orders", 0}, {"tblB", "orders", 0}};
  lark_.fields[{"bascnS", "tblB"}] = {field("fB1", "Name", 1, "Text")};
  lark_.add_control_row("sales", "bascnX");  // a duplicate schema name: first wins
  auto summary = crawl();
  EXPECT_TRUE(summary.ok());
  EXPECT_EQ(table(summary, "sales", "orders")->id, "tblA");
  EXPECT_EQ(table(summary, "sales", "orders_2")->id, "tblB");
  EXPECT_EQ(summary.databases.size(), 2u);
  EXPECT_EQ(summary.warnings.size(), 2u);
}

TEST_F(CrawlerTest, BaseRemovedFromTheSourceIsStaleThenPrunedWithItsDatabase) {
  crawl();
  lark_.records[{"appCtl", "tblCtl"}].pop_back();  // Ops is gone
  auto summary = crawl();
  ASSERT_EQ(summary.databases.size(), 2u);
  EXPECT_EQ(summary.databases[1].database.status, Status::kStale);
  auto pruned = crawl(true);
  EXPECT_EQ(pruned.databases[1].database.status, Status::kDeleted);
  EXPECT_EQ(table(pruned, "ops", "tasks")->status, Status::kDeleted);
  EXPECT_EQ(FileCatalogStore(path_, false).list_databases().size(), 1u);
}

TEST_F(CrawlerTest, AnotherSourcesTablesAreNotOurs) {
  crawl();
  CrawlRequest other = request_;
  other.control_table = "tblCtl2";  // a different control table, same catalog
  lark_.records[{"appCtl", "tblCtl2"}] = {};
  FileCatalogStore store(path_, true);
  other.prune = true;
  auto summary = Crawler(lark_, store).run(other);
  EXPECT_TRUE(summary.databases.empty());  // it owns none of them
  EXPECT_EQ(store.call_counts().writes, 0);
}

TEST_F(CrawlerTest, RenamedLarkTableIsRecognisedByItsIdNotCreatedPlusStale) {
  crawl();
  lark_.tables["bascnS"] = {{"tblA", "Purchases", 0}, {"tblB", "Customers", 0}};
  auto dry = crawl(false, true);
  EXPECT_EQ(table(dry, "sales", "purchases")->status, Status::kUpdated);
  EXPECT_EQ(last_writes_, 0);
  EXPECT_TRUE(FileCatalogStore(path_, false).get_table("sales", "orders"));
  auto summary = crawl();
  const auto* purchases = table(summary, "sales", "purchases");
  ASSERT_TRUE(purchases);
  EXPECT_EQ(purchases->status, Status::kUpdated);
  EXPECT_EQ(purchases->id, "tblA");
  EXPECT_EQ(purchases->changes,
            (std::vector<std::string>{"table renamed: orders → purchases",
                                      "parameter larkTableName: 'Orders' → 'Purchases'"}));
  EXPECT_EQ(table(summary, "sales", "orders"), nullptr);  // neither created nor stale
  EXPECT_EQ(count(summary.table_totals(), Status::kStale), 0);
  EXPECT_EQ(count(summary.table_totals(), Status::kCreated), 0);
  FileCatalogStore reader(path_, false);
  EXPECT_FALSE(reader.get_table("sales", "orders"));
  auto renamed = reader.get_table("sales", "purchases");
  ASSERT_TRUE(renamed);
  EXPECT_EQ(renamed->parameters.at("larkTableId"), "tblA");
  EXPECT_EQ(renamed->columns.size(), 2u);
  EXPECT_EQ(count(crawl().table_totals(), Status::kSkipped), 3);
}

TEST_F(CrawlerTest, CommentOverGluesLimitFailsTheTableInsteadOfTruncating) {
  // 150 CJK characters (450 bytes) fit: Glue counts characters, not bytes.
  std::string wide;
  for (int i = 0; i < 150; ++i) wide += "\u540d";
  lark_.fields[{"bascnS", "tblB"}] = {field("fB1", wide, 1, "Text")};
  lark_.fields[{"bascnO", "tblC"}] = {field("fC1", std::string(160, 'n'), 1, "Text")};
  auto summary = crawl();
  EXPECT_EQ(table(summary, "sales", "customers")->status, Status::kCreated);
  const auto* tasks = table(summary, "ops", "tasks");
  ASSERT_TRUE(tasks);
  EXPECT_EQ(tasks->status, Status::kFailed);
  EXPECT_NE(tasks->reason.find("Glue stores at most 255"), std::string::npos) << tasks->reason;
  EXPECT_NE(tasks->reason.find("Shorten the Lark field's name"), std::string::npos);
  EXPECT_EQ(table(summary, "sales", "orders")->status, Status::kCreated);  // the crawl went on
  EXPECT_FALSE(summary.ok());
  EXPECT_FALSE(FileCatalogStore(path_, false).get_table("ops", "tasks"));
}

TEST_F(CrawlerTest, LookupTargetUnreadableAfterRetriesFailsTheTableInsteadOfDegradingIt) {
  common::Json lookup = {{"target_field", "fB1"}, {"filter_info", {{"target_table", "tblB"}}}};
  lark_.fields[{"bascnS", "tblA"}].push_back(field("fA3", "Customer", 19, "Lookup", lookup));
  lark_.failing_tables.insert("tblB");
  auto faulty = crawl();
  const auto* orders = table(faulty, "sales", "orders");
  EXPECT_EQ(orders->status, Status::kFailed);
  EXPECT_NE(orders->reason.find("lookup target table tblB"), std::string::npos) << orders->reason;
  EXPECT_FALSE(FileCatalogStore(path_, false).get_table("sales", "orders"));

  lark_.failing_tables.clear();
  auto healthy = crawl();
  EXPECT_EQ(table(healthy, "sales", "orders")->status, Status::kCreated);
  auto stored = FileCatalogStore(path_, false).get_table("sales", "orders");
  ASSERT_TRUE(stored);
  EXPECT_NE(stored->columns.back().comment.find("LarkBaseFieldType=Lookup<Text>"),
            std::string::npos)
      << stored->columns.back().comment;
  // A target that is gone (not a transient failure) still degrades, as the reference does.
  lark_.fields[{"bascnS", "tblA"}].back().property = {{"target_field", "fGone"},
                                                      {"filter_info", {{"target_table", "tblB"}}}};
  auto gone = crawl();
  EXPECT_EQ(table(gone, "sales", "orders")->status, Status::kUpdated);
  EXPECT_NE(FileCatalogStore(path_, false)
                .get_table("sales", "orders")
                ->columns.back()
                .comment.find("Lookup<NULL>"),
            std::string::npos);
}

}  // namespace
}  // namespace larkbase::crawler
