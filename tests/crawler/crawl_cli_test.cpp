// `larkbase crawl` as a user runs it, against emulators started on dataset
// files: a field rename, a type change, an added and a removed table give
// exactly the expected summary; a base that cannot be read fails only itself,
// the exit code is 3 and the app secret appears nowhere in the output.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/json.hpp"
#include "emulator_process.hpp"
#include "shell_command.hpp"

namespace larkbase::crawler {
namespace {

using common::Json;
using larkbase::testing::EmulatorProcess;

using CliResult = larkbase::testing::ShellResult;

std::string dir() {
  auto path = std::filesystem::temp_directory_path() / ("crawl_cli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(path);
  return path.string();
}

CliResult crawl(const EmulatorProcess& emu, const std::string& args) {
  std::string command = "LARK_API_URL=" + emu.url() + " LARK_APP_ID=" + emu.app_id() +
                        " LARK_APP_SECRET=" + emu.app_secret() + " " +
                        larkbase::testing::larkbase_binary() + " crawl " + args + " 2>&1";
  return larkbase::testing::run_shell(command);
}

Json text_field(const std::string& id, const std::string& name) {
  return {{"field_id", id}, {"field_name", name}, {"type", 1}, {"ui_type", "Text"}};
}

std::string write_dataset(const std::string& name, const Json& tables, const Json& rows) {
  Json control_rows = Json::array();
  for (const auto& row : rows) {
    control_rows.push_back({{"record_id", "rec" + row[0].get<std::string>()},
                            {"fields",
                             {{"name", Json::array({{{"type", "text"}, {"text", row[0]}}})},
                              {"id", Json::array({{{"type", "text"}, {"text", row[1]}}})}}}});
  }
  Json dataset{{"bases",
                {{{"app_token", "bascnData0001"}, {"name", "Data"}, {"tables", tables}},
                 {{"app_token", "bascnCtl00001"},
                  {"name", "Ctl"},
                  {"tables",
                   {{{"table_id", "tblCtl0000001"},
                     {"name", "schemas"},
                     {"fields", {text_field("fldName", "name"), text_field("fldId", "id")}},
                     {"records", control_rows}}}}}}},
               {"control_table", {{"app_token", "bascnCtl00001"}, {"table_id", "tblCtl0000001"}}}};
  std::string path = dir() + "/" + name + ".json";
  std::ofstream(path) << dataset.dump();
  return path;
}

Json table(const std::string& id, const std::string& name, Json fields) {
  return {
      {"table_id", id}, {"name", name}, {"fields", std::move(fields)}, {"records", Json::array()}};
}

TEST(CrawlCli, ChangesGiveExactlyTheExpectedSummary) {
  std::string catalog = dir() + "/catalog.json";
  std::filesystem::remove(catalog);
  Json rows = Json::array({Json::array({"data", "bascnData0001"})});
  Json before = Json::array(
      {table("tblOrders0001", "orders",
             {text_field("fldItem", "Item"),
              {{"field_id", "fldQty"}, {"field_name", "Qty"}, {"type", 2}, {"ui_type", "Number"}}}),
       table("tblOld0000001", "old stuff", {text_field("fldX", "X")})});
  Json after = Json::array({table("tblOrders0001", "orders",
                                  {text_field("fldItem", "Product"), text_field("fldQty", "Qty")}),
                            table("tblNew0000001", "new stuff", {text_field("fldY", "Y")})});
  {
    EmulatorProcess emu({"--dataset", write_dataset("before", before, rows)});
    auto first = crawl(emu, "--catalog " + catalog +
                                " --quiet --format json --control-table "
                                "bascnCtl00001:tblCtl0000001");
    ASSERT_EQ(first.exit_code, 0) << first.out;
    auto summary = Json::parse(first.out);
    EXPECT_EQ(summary["totals"]["tables"]["created"], 2);
  }
  EmulatorProcess emu({"--dataset", write_dataset("after", after, rows)});
  std::string source = " --quiet --format json --control-table bascnCtl00001:tblCtl0000001";
  auto second = crawl(emu, "--catalog " + catalog + source);
  ASSERT_EQ(second.exit_code, 0) << second.out;
  auto summary = Json::parse(second.out);
  const auto& tables = summary["databases"][0]["tables"];
  std::map<std::string, Json> by_name;
  for (const auto& item : tables) by_name[item["name"]] = item;
  EXPECT_EQ(by_name["orders"]["status"], "updated");
  EXPECT_EQ(by_name["orders"]["changes"],
            Json::array({"field fldItem renamed: 'Item' → 'Product' (column item → product)",
                         "column qty: type double → string (Number → Text)"}));
  EXPECT_EQ(by_name["new_stuff"]["status"], "created");
  EXPECT_EQ(by_name["old_stuff"]["status"], "stale");
  auto pruned = Json::parse(crawl(emu, "--catalog " + catalog + " --prune" + source).out);
  EXPECT_EQ(pruned["totals"]["tables"]["deleted"], 1);
  EXPECT_EQ(pruned["totals"]["tables"]["skipped"], 2);
  auto quiet = Json::parse(crawl(emu, "--catalog " + catalog + source).out);
  EXPECT_EQ(quiet["totals"]["tables"]["skipped"], 2);
  EXPECT_EQ(quiet["totals"]["tables"]["stale"], 0);
}

TEST(CrawlCli, AnUnreadableBaseFailsOnlyItselfAndTheExitCodeSaysSo) {
  std::string catalog = dir() + "/catalog_fail.json";
  std::filesystem::remove(catalog);
  Json rows = Json::array(
      {Json::array({"data", "bascnData0001"}), Json::array({"ghost", "bascnMissing01"})});
  EmulatorProcess emu(
      {"--dataset",
       write_dataset("fail", Json::array({table("tblA000000001", "a", {text_field("fldA", "A")})}),
                     rows)});
  auto result = crawl(emu, "--catalog " + catalog + " --control-table bascnCtl00001:tblCtl0000001");
  EXPECT_EQ(result.exit_code, 3) << result.out;
  EXPECT_NE(result.out.find("database ghost (base bascnMissing01): failed"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("table data.a (tblA000000001): created"), std::string::npos);
  EXPECT_EQ(result.out.find(emu.app_secret()), std::string::npos);
  auto bad = crawl(emu, "--catalog " + catalog + " --event '{\"handlerType\":\"X\"}'");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  std::filesystem::remove_all(dir());
}

}  // namespace
}  // namespace larkbase::crawler
