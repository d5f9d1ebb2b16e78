// The Athena path over the Glue flow: after `larkbase crawl` registered the
// demo control table (or the demo Drive folder) in the AWS emulator's Glue, a
// federation handler whose only source is Glue answers ListSchemas, ListTables,
// GetTable and ReadRecords exactly as a handler reading that source directly.
#include <gtest/gtest.h>

#include <cstdlib>

#include "athena/federation_handler.hpp"
#include "aws_emulator_process.hpp"
#include "crawler/crawl_job.hpp"
#include "emulator_process.hpp"

namespace larkbase::crawler {
namespace {

using athena::WireJson;
using larkbase::testing::AwsEmulatorProcess;
using larkbase::testing::EmulatorProcess;

const char* kIdentity =
    R"({"id":"UNKNOWN","principal":"UNKNOWN","account":"1","arn":"a","tags":{},"groups":[],)"
    R"("configOptions":{}})";
const char* kConstraints = R"({"summary":{},"expression":[],"orderByClause":[],)"
                           R"("limit":-1,"queryPassthroughArguments":{},"queryPlan":null})";

std::string prefix(const std::string& type) {
  return R"({"@type":")" + type + R"(","identity":)" + kIdentity +
         R"(,"queryId":"q1","catalogName":"lark")";
}

WireJson call(athena::FederationHandler& handler, const std::string& request) {
  return athena::parse_wire_json(handler.handle(request), "response");
}

// Everything a query engine learns through the handler: schemas, tables, each
// table's Arrow schema and its rows (one inline block per split).
std::map<std::string, std::string> federation_view(athena::FederationHandler& handler) {
  std::map<std::string, std::string> view;
  auto schemas = call(handler, prefix("ListSchemasRequest") + "}");
  EXPECT_FALSE(schemas["schemas"].empty()) << schemas.dump();
  for (const auto& schema : schemas["schemas"]) {
    std::string s = schema.get<std::string>();
    auto tables = call(handler, prefix("ListTablesRequest") + R"(,"schemaName":")" + s +
                                    R"(","nextToken":null,"pageSize":-1})");
    for (const auto& table : tables["tables"]) {
      std::string t = table["tableName"].get<std::string>();
      std::string name = R"("tableName":{"schemaName":")" + s + R"(","tableName":")" + t + "\"}";
      auto got = call(
          handler, prefix("GetTableRequest") + "," + name + R"(,"queryPassthroughArguments":{}})");
      std::string arrow_schema = got["schema"].get<std::string>();
      auto layout = call(handler, prefix("GetTableLayoutRequest") + "," + name +
                                      R"(,"constraints":)" + kConstraints + R"(,"schema":")" +
                                      arrow_schema + R"(","partitionColumns":[]})");
      auto splits = call(handler, prefix("GetSplitsRequest") + "," + name + R"(,"partitions":)" +
                                      layout["partitions"].dump() +
                                      R"(,"partitionColumns":[],"constraints":)" + kConstraints +
                                      R"(,"continuationToken":null})");
      std::string rows;
      for (const auto& split : splits["splits"]) {
        auto read = call(handler, prefix("ReadRecordsRequest") + "," + name + R"(,"schema":")" +
                                      arrow_schema + R"(","split":)" + split.dump() +
                                      R"(,"constraints":)" + kConstraints +
                                      R"(,"maxBlockSize":"100000000",)"
                                      R"("maxInlineBlockSize":"100000000"})");
        EXPECT_EQ(read["@type"], "ReadRecordsResponse") << s << "." << t;
        rows += read["records"].dump();
      }
      view[s + "." + t] = arrow_schema + "\n" + rows;
    }
  }
  return view;
}

athena::AthenaConfig handler_config(const EmulatorProcess& emu) {
  athena::AthenaConfig config;
  config.connector.lark.api_url = emu.url();
  config.connector.lark.app_id = emu.app_id();
  config.connector.lark.app_secret = emu.app_secret();
  config.connector.lark.search_rate_limit = 1000;
  config.connector.lark.default_rate_limit = 1000;
  config.spill.bucket = "spill";
  return config;
}

// Crawls `request` into the AWS emulator's Glue, then compares what a Glue-only
// handler and a handler reading the same source directly tell Athena.
void expect_glue_flow_answers_like_direct(const EmulatorProcess& lark_emu,
                                          const CrawlRequest& request,
                                          const catalog::SourceConfig& direct_sources) {
  AwsEmulatorProcess aws_emu(std::vector<std::string>{});
  ::setenv("AWS_ENDPOINT_URL", aws_emu.url().c_str(), 1);
  ::setenv("AWS_REGION", "us-east-1", 1);
  ::setenv("AWS_ACCESS_KEY_ID", "AKIDEMULATOR", 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "emulator-secret-key", 1);

  auto direct = handler_config(lark_emu);
  auto summary = run_crawl(direct.connector.lark, request, "glue");
  ASSERT_TRUE(summary.ok()) << summary.to_text();
  direct.connector.sources = direct_sources;
  auto glue = handler_config(lark_emu);
  glue.connector.sources.glue_catalog = "glue";
  athena::FederationHandler direct_handler(direct);
  athena::FederationHandler glue_handler(glue);
  auto direct_view = federation_view(direct_handler);
  auto glue_view = federation_view(glue_handler);
  EXPECT_GE(direct_view.size(), 6u);
  EXPECT_EQ(glue_view, direct_view);
  for (const char* name :
       {"AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}) {
    ::unsetenv(name);
  }
}

TEST(CrawlerAthenaGlue, GlueFlowHandlerAnswersLikeTheDirectControlTableHandler) {
  EmulatorProcess lark_emu({"--demo", "--rows", "80"});
  CrawlRequest request;
  request.control_base = lark_emu.handshake()["control_table"]["app_token"].get<std::string>();
  request.control_table = lark_emu.handshake()["control_table"]["table_id"].get<std::string>();
  catalog::SourceConfig direct;
  direct.control_table_enabled = true;
  direct.control_tables = {{request.control_base, request.control_table}};
  expect_glue_flow_answers_like_direct(lark_emu, request, direct);
}

TEST(CrawlerAthenaGlue, GlueFlowHandlerAnswersLikeTheDirectDriveFolderHandler) {
  EmulatorProcess lark_emu({"--demo", "--rows", "80"});
  CrawlRequest request;
  request.kind = SourceKind::kLarkDrive;
  request.folder_token = lark_emu.handshake().at("drive_folder").get<std::string>();
  catalog::SourceConfig direct;
  direct.drive_enabled = true;
  direct.drive_folders = {request.folder_token};
  expect_glue_flow_answers_like_direct(lark_emu, request, direct);
}

}  // namespace
}  // namespace larkbase::crawler
