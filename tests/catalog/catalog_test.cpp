#include "catalog/catalog.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include "catalog/control_table_provider.hpp"
#include "catalog/direct_provider.hpp"
#include "catalog/drive_folder_provider.hpp"
#include "catalog/name_rules.hpp"
#include "catalog/provider_chain.hpp"
#include "common/error.hpp"
#include "fake_metadata_source.hpp"

namespace larkbase::catalog {
namespace {

using testing::FakeMetadataSource;
using testing::number_field;
using testing::text_field;
using Clock = std::chrono::steady_clock;

// A provider returning fixed schemas and counting how often it was listed.
class CountingProvider final : public SchemaProvider {
 public:
  CountingProvider(std::string name, std::vector<std::pair<std::string, std::string>> schemas)
      : name_(std::move(name)), schemas_(std::move(schemas)) {}
  std::string describe() const override { return name_; }
  ProviderResult list() override {
    ++calls;
    if (fail) throw common::ExternalError("boom");
    ProviderResult result;
    for (const auto& [schema, token] : schemas_) {
      add_schema(result, SchemaEntry{schema, token, name_, {}, {}});
    }
    return result;
  }
  std::string name_;
  std::vector<std::pair<std::string, std::string>> schemas_;
  int calls = 0;
  bool fail = false;
};

TEST(NameRules, SanitisesLikeColumnsWithAKindFallback) {
  EXPECT_EQ(sanitize_object_name("Sales Data", "tbl1", "table"), "sales_data");
  EXPECT_EQ(sanitize_object_name("2024 Orders!", "tbl1", "table"), "_2024_orders_");
  EXPECT_EQ(sanitize_object_name("销售", "tblAbC", "table"), "table_tblabc");
  EXPECT_EQ(sanitize_object_name("***", "bascnX-1", "base"), "base_bascnx_1");
  EXPECT_EQ(sanitize_object_name("$reserved_record_id", "t", "table"), "_reserved_record_id");
}

TEST(NameRules, CollisionsGetSuffixesInOrderAndAreReported) {
  auto result = assign_names(
      {{"report a", "tbl1"}, {"Report A", "tbl2"}, {"REPORT-A", "tbl3"}, {"report_a_2", "tbl4"}},
      "table", "schema s");
  ASSERT_EQ(result.names.size(), 4u);
  EXPECT_EQ(result.names[0], "report_a");
  EXPECT_EQ(result.names[1], "report_a_2");
  EXPECT_EQ(result.names[2], "report_a_3");
  EXPECT_EQ(result.names[3], "report_a_2_2");  // its own name was taken by a rename
  EXPECT_EQ(result.warnings.size(), 3u);
  EXPECT_NE(result.warnings[0].find("tbl2"), std::string::npos);
}

TEST(ProviderChain, FirstProviderWinsAndDuplicatesAreReported) {
  std::vector<std::unique_ptr<SchemaProvider>> providers;
  providers.push_back(std::make_unique<CountingProvider>(
      "first",
      std::vector<std::pair<std::string, std::string>>{{"sales", "app1"}, {"hr", "app2"}}));
  providers.push_back(std::make_unique<CountingProvider>(
      "second",
      std::vector<std::pair<std::string, std::string>>{{"sales", "app9"}, {"ops", "app3"}}));
  ProviderChain chain(std::move(providers));
  auto result = chain.list();
  ASSERT_EQ(result.schemas.size(), 3u);
  EXPECT_EQ(result.schemas[0].name, "sales");
  EXPECT_EQ(result.schemas[0].app_token, "app1");
  EXPECT_EQ(result.schemas[2].name, "ops");
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("app9"), std::string::npos);
  EXPECT_NE(result.warnings[0].find("second"), std::string::npos);
  EXPECT_NE(result.warnings[0].find("first"), std::string::npos);
}

TEST(ProviderChain, AFailingProviderFailsTheListingNamingIt) {
  std::vector<std::unique_ptr<SchemaProvider>> providers;
  auto failing = std::make_unique<CountingProvider>(
      "Drive folder fldX", std::vector<std::pair<std::string, std::string>>{});
  failing->fail = true;
  providers.push_back(std::move(failing));
  ProviderChain chain(std::move(providers));
  try {
    chain.list();
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    EXPECT_NE(std::string(error.what()).find("Drive folder fldX"), std::string::npos);
  }
}

TEST(DirectProvider, UsesGivenNameThenBaseNameThenToken) {
  FakeMetadataSource source;
  source.base_names["appB"] = "Marketing Plans";
  DirectProvider provider({{"appA", "Sales"}, {"appB", ""}, {"appC", ""}}, source);
  auto result = provider.list();
  ASSERT_EQ(result.schemas.size(), 3u);
  EXPECT_EQ(result.schemas[0].name, "sales");
  EXPECT_EQ(result.schemas[1].name, "marketing_plans");
  EXPECT_EQ(result.schemas[2].name, "appc");
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("appC"), std::string::npos);
}

TEST(ControlTableProvider, ReadsIdAndNameCaseInsensitivelyWithTableLists) {
  FakeMetadataSource source;
  common::Json segments = common::Json::array(
      {{{"type", "text"}, {"text", "Sales "}}, {{"type", "text"}, {"text", "Team"}}});
  source.records[{"appCtl", "tblCtl"}] = {
      {{"ID", "appS"}, {"Name", segments}, {"Blacklist Tables", "tblX, tblY"}},
      {{"id", common::Json::array({{{"text", "appM"}}})},
       {"name", "marketing"},
       {"whitelist_tables", "tblK"}},
      {{"name", "orphan"}},
  };
  ControlTableProvider provider({"appCtl", "tblCtl"}, source);
  auto result = provider.list();
  ASSERT_EQ(result.schemas.size(), 2u);
  EXPECT_EQ(result.schemas[0].name, "sales_team");
  EXPECT_EQ(result.schemas[0].app_token, "appS");
  EXPECT_FALSE(result.schemas[0].admits("tblY"));
  EXPECT_TRUE(result.schemas[0].admits("tblZ"));
  EXPECT_EQ(result.schemas[1].app_token, "appM");
  EXPECT_TRUE(result.schemas[1].admits("tblK"));
  EXPECT_FALSE(result.schemas[1].admits("tblZ"));
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_NE(result.warnings[0].find("row 3"), std::string::npos);
}

TEST(DriveFolderProvider, KeepsBitablesAndShortcutsToBitables) {
  FakeMetadataSource source;
  auto file = [](std::string token, std::string name, std::string type) {
    lark::DriveFile f;
    f.token = std::move(token);
    f.name = std::move(name);
    f.type = std::move(type);
    return f;
  };
  auto shortcut = file("nod1", "Sales (shortcut)", "shortcut");
  shortcut.shortcut_target_type = "bitable";
  shortcut.shortcut_target_token = "appS";
  auto doc_shortcut = file("nod2", "Doc link", "shortcut");
  doc_shortcut.shortcut_target_type = "docx";
  doc_shortcut.shortcut_target_token = "dox1";
  source.folders["fld"] = {file("appS", "Sales", "bitable"), file("dox", "Review", "docx"),
                           file("fld2", "Archive", "folder"), shortcut, doc_shortcut};
  DriveFolderProvider provider("fld", source);
  auto result = provider.list();
  ASSERT_EQ(result.schemas.size(), 2u);
  EXPECT_EQ(result.schemas[0].name, "sales");
  EXPECT_EQ(result.schemas[1].name, "sales_shortcut_");
  EXPECT_EQ(result.schemas[1].app_token, "appS");
}

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source.tables["app1"] = {
        {"tbl1", "Report A", 1}, {"tbl2", "report a", 1}, {"tbl3", "Hidden", 1}};
    source.fields[{"app1", "tbl1"}] = {text_field("fld1", "Name"), number_field("fld2", "Amount")};
    source.fields[{"app1", "tbl2"}] = {text_field("fld1", "Name")};
    auto provider = std::make_unique<CountingProvider>(
        "test", std::vector<std::pair<std::string, std::string>>{{"sales", "app1"}});
    provider_ = provider.get();
    catalog = std::make_unique<Catalog>(std::move(provider), source, std::chrono::seconds(300),
                                        [this] { return now; });
  }

  FakeMetadataSource source;
  CountingProvider* provider_ = nullptr;
  Clock::time_point now{};
  std::unique_ptr<Catalog> catalog;
};

TEST_F(CatalogTest, TablesAreNamedWithCollisionsReported) {
  auto tables = catalog->list_tables("sales");
  ASSERT_EQ(tables.size(), 3u);
  EXPECT_EQ(tables[0].name, "report_a");
  EXPECT_EQ(tables[1].name, "report_a_2");
  EXPECT_EQ(tables[1].table_id, "tbl2");
  auto warnings = catalog->warnings();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("report_a_2"), std::string::npos);
  auto resolved = catalog->resolve("SALES", "Report_A_2");
  EXPECT_EQ(resolved.table_id, "tbl2");
}

TEST_F(CatalogTest, UnknownNamesAreUserErrorsNamingThem) {
  try {
    catalog->resolve("sales", "nope");
    FAIL();
  } catch (const common::UserError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("sales.nope"), std::string::npos);
    EXPECT_NE(message.find("report_a"), std::string::npos);
  }
  EXPECT_THROW(catalog->schema("hr"), common::UserError);
}

TEST_F(CatalogTest, SchemaListIsCachedForTheTtlThenReread) {
  EXPECT_EQ(catalog->list_schemas(), std::vector<std::string>{"sales"});
  catalog->list_schemas();
  EXPECT_EQ(provider_->calls, 1);
  provider_->schemas_.push_back({"hr", "app2"});
  now += std::chrono::seconds(299);
  EXPECT_EQ(catalog->list_schemas().size(), 1u);
  EXPECT_EQ(provider_->calls, 1);
  now += std::chrono::seconds(2);
  EXPECT_EQ(catalog->list_schemas(), (std::vector<std::string>{"hr", "sales"}));
  EXPECT_EQ(provider_->calls, 2);
}

TEST_F(CatalogTest, StaleTableSchemaRefreshesWithoutRestart) {
  auto before = catalog->table_schema("app1", "tbl1");
  EXPECT_NE(before->find("amount"), nullptr);
  EXPECT_EQ(before->find("region"), nullptr);
  source.fields[{"app1", "tbl1"}].push_back(text_field("fld3", "Region"));
  now += std::chrono::seconds(10);
  EXPECT_EQ(catalog->table_schema("app1", "tbl1")->find("region"), nullptr);  // still fresh
  EXPECT_EQ(source.list_fields_calls, 1);
  now += std::chrono::seconds(300);
  auto after = catalog->table_schema("app1", "tbl1");
  EXPECT_NE(after->find("region"), nullptr);
  EXPECT_EQ(source.list_fields_calls, 2);
  EXPECT_EQ(source.refreshed_field_calls, 1);  // the field cache was bypassed too
}

TEST_F(CatalogTest, TableListIsCachedAndRereadAfterExpiry) {
  catalog->list_tables("sales");
  catalog->list_tables("sales");
  EXPECT_EQ(source.list_tables_calls, 1);
  source.tables["app1"].push_back({"tbl4", "New", 1});
  now += std::chrono::seconds(301);
  EXPECT_EQ(catalog->list_tables("sales").size(), 4u);
  EXPECT_EQ(source.list_tables_calls, 2);
}

TEST(SourceConfig, ParsesSpecsAndLists) {
  auto base = parse_base_spec(" appX = Sales ");
  EXPECT_EQ(base.app_token, "appX");
  EXPECT_EQ(base.schema, "Sales");
  EXPECT_EQ(parse_base_spec("appY").schema, "");
  EXPECT_THROW(parse_base_spec("=x"), common::UserError);
  EXPECT_EQ(split_list("a, b,,c "), (std::vector<std::string>{"a", "b", "c"}));
  auto tables = parse_control_tables("app1, app2", "tbl1,tbl2");
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[1].table_id, "tbl2");
  EXPECT_THROW(parse_control_tables("app1,app2", "tbl1"), common::UserError);
}

TEST(SourceConfig, ReadsTheSeedVariables) {
  setenv("LARK_BASES", "appA=alpha,appB", 1);
  setenv("ACTIVATE_LARK_BASE_SOURCE", "true", 1);
  setenv("LARK_BASE_DATA_SOURCE_ID", "appCtl", 1);
  setenv("LARK_TABLE_DATA_SOURCE_ID", "tblCtl", 1);
  setenv("ACTIVATE_LARK_DRIVE_SOURCE", "false", 1);
  setenv("LARK_FOLDER_TOKEN_DATA_SOURCE", "fld1, fld2", 1);
  auto config = SourceConfig::from_env();
  for (const char* name : {"LARK_BASES", "ACTIVATE_LARK_BASE_SOURCE", "LARK_BASE_DATA_SOURCE_ID",
                           "LARK_TABLE_DATA_SOURCE_ID", "ACTIVATE_LARK_DRIVE_SOURCE",
                           "LARK_FOLDER_TOKEN_DATA_SOURCE"}) {
    unsetenv(name);
  }
  ASSERT_EQ(config.bases.size(), 2u);
  EXPECT_EQ(config.bases[0].schema, "alpha");
  EXPECT_TRUE(config.control_table_enabled);
  ASSERT_EQ(config.control_tables.size(), 1u);
  EXPECT_EQ(config.control_tables[0].table_id, "tblCtl");
  EXPECT_FALSE(config.drive_enabled);
  EXPECT_EQ(config.drive_folders.size(), 2u);
  EXPECT_NO_THROW(config.validate());
  config.drive_enabled = true;
  config.drive_folders.clear();
  EXPECT_THROW(config.validate(), common::UserError);
}

TEST(ProviderChainConfig, BuildsOnlyEnabledSourcesInOrder) {
  FakeMetadataSource source;
  SourceConfig config;
  config.bases = {{"appA", "alpha"}};
  config.control_tables = {{"appCtl", "tblCtl"}};  // not enabled
  config.drive_enabled = true;
  config.drive_folders = {"fld"};
  auto chain = make_provider_chain(config, source);
  EXPECT_EQ(chain->describe(), "direct bases, then Drive folder fld");
  // The catalog the crawler fills is the fallback, after every Lark source.
  config.glue_catalog = ::testing::TempDir() + "provider_chain_catalog.json";
  std::ofstream(config.glue_catalog) << R"({"format":"larkbase-glue-catalog","DatabaseList":[]})";
  EXPECT_EQ(make_provider_chain(config, source)->describe(),
            "direct bases, then Drive folder fld, then local catalog file " + config.glue_catalog);
}

}  // namespace
}  // namespace larkbase::catalog
