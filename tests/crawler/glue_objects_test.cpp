// The Glue object codec: locations, the field-mapping comment (with `/` in
// names, both forms), the crawler event shapes, and the connector's view of a
// stored table (ours and the Java crawler's).
#include <gtest/gtest.h>

#include "catalog/glue_objects.hpp"
#include "common/error.hpp"
#include "crawler/crawl_request.hpp"
#include "crawler/table_input.hpp"
#include "fake_lark.hpp"
#include "types/lookup_resolver.hpp"

namespace larkbase::crawler {
namespace {

using catalog::FieldMapping;
using catalog::parse_column_comment;
using common::Json;
using testing::field;

TEST(GlueObjects, LocationRoundTrip) {
  catalog::LarkLocation location{"LarkBase", "appA:tblB", "bascnX", "tblY"};
  std::string uri = catalog::to_location(location);
  EXPECT_EQ(uri,
            "lark-base-flag/CrawlingMethod=LarkBase/DataSource=appA:tblB/Base=bascnX/Table=tblY");
  auto parsed = catalog::parse_location(uri);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->data_source, "appA:tblB");
  EXPECT_EQ(parsed->base, "bascnX");
  EXPECT_EQ(parsed->table, "tblY");
  EXPECT_FALSE(catalog::parse_location("s3://bucket/x"));
  EXPECT_FALSE(catalog::parse_location("lark-base-flag/Base=x"));
}

TEST(GlueObjects, SlashInFieldNameSurvivesEscaping) {
  FieldMapping mapping{"bas/1", "tbl1", "fld1", "Revenue / Cost 100%", "Number"};
  std::string comment = catalog::column_comment(mapping);
  EXPECT_EQ(comment,
            "LarkBaseId=bas%2F1/LarkBaseTableId=tbl1/LarkBaseFieldId=fld1/"
            "LarkBaseFieldName=Revenue %2F Cost 100%25/LarkBaseFieldType=Number");
  auto parsed = parse_column_comment(comment, true);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->field_name, "Revenue / Cost 100%");
  EXPECT_EQ(parsed->base_id, "bas/1");
  EXPECT_EQ(parsed->type, "Number");
}

TEST(GlueObjects, RawSlashFromTheJavaCrawlerIsReadWhole) {
  std::string comment =
      "LarkBaseId=b/LarkBaseTableId=t/LarkBaseFieldId=f/LarkBaseFieldName=a/b %2F/"
      "LarkBaseFieldType=Lookup<Lookup<Number>>";
  auto parsed = parse_column_comment(comment, false);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->field_name, "a/b %2F");  // not escaped: kept as written
  EXPECT_EQ(parsed->type, "Lookup<Lookup<Number>>");
  EXPECT_FALSE(parse_column_comment("", false));
  EXPECT_FALSE(parse_column_comment("a plain comment", false));
  EXPECT_FALSE(parse_column_comment("LarkBaseId=b/LarkBaseTableId=t", false));
}

catalog::StoredTable java_table() {
  // As the reference crawler writes it: its own Glue types, no escape parameter.
  catalog::StoredTable table;
  table.database = "sales";
  table.name = "orders";
  table.parameters = {{"classification", "lark-base-flag"},
                      {"crawlingMethod", "LarkBase"},
                      {"larkBaseId", "bascnS"},
                      {"larkTableId", "tblO"}};
  auto comment = [](std::string id, std::string name, std::string type) {
    return "LarkBaseId=bascnS/LarkBaseTableId=tblO/LarkBaseFieldId=" + id +
           "/LarkBaseFieldName=" + name + "/LarkBaseFieldType=" + type;
  };
  table.columns = {
      {"amount", "decimal", comment("fldA", "Amount", "Number")},
      {"in_out", "string", comment("fldB", "In/Out", "Text")},
      {"when", "timestamp", comment("fldC", "When", "DateTime")},
      {"qty_lookup", "array<decimal>", comment("fldD", "Qty", "Lookup<Number>")},
      {"lost", "array<string>", comment("fldE", "Lost", "Lookup<NULL>")},
      {"total", "decimal", comment("fldF", "Total", "Formula<Number>")},
      {"$reserved_split_key", "decimal", comment("fldG", "$reserved_split_key", "Number")}};
  return table;
}

TEST(GlueObjects, JavaCrawlerTableIsServedByTheTypeContract) {
  auto schema = catalog::stored_table_schema(java_table());
  EXPECT_EQ(schema.app_token(), "bascnS");
  EXPECT_EQ(schema.table_id(), "tblO");
  std::vector<std::string> names;
  for (const auto& column : schema.columns()) names.push_back(column.name);
  EXPECT_EQ(names, (std::vector<std::string>{"amount", "in_out", "when", "qty_lookup", "lost",
                                             "total", "$reserved_record_id", "$reserved_table_id",
                                             "$reserved_base_id", "$reserved_split_key"}));
  EXPECT_EQ(schema.find("amount")->glue_type, "double");
  EXPECT_EQ(schema.find("in_out")->lark_field_name, "In/Out");
  EXPECT_EQ(schema.find("when")->glue_type, "bigint");
  EXPECT_EQ(schema.find("qty_lookup")->glue_type, "array<double>");
  EXPECT_EQ(schema.find("lost")->glue_type, "array<string>");
  EXPECT_EQ(schema.find("total")->glue_type, "string");
  EXPECT_EQ(schema.find("$reserved_split_key")->role, types::ColumnRole::kSplitKey);
  EXPECT_TRUE(schema.has_split_key());
}

TEST(GlueObjects, MissingCommentOrIdsIsAClearError) {
  auto table = java_table();
  table.columns[1].comment = "";
  try {
    catalog::stored_table_schema(table);
    FAIL() << "expected an error";
  } catch (const common::UserError& error) {
    EXPECT_NE(std::string(error.what()).find("column in_out of catalog table sales.orders"),
              std::string::npos)
        << error.what();
  }
  table = java_table();
  table.parameters.erase("larkTableId");
  EXPECT_THROW(catalog::stored_table_schema(table), common::UserError);
}

TEST(GlueObjects, OurTableReadsBackAsTheDirectSchema) {
  std::vector<types::LarkField> fields = {
      field("fldN", "Name", 1, "Text"),
      field("fldS", "Revenue / Cost", 2, "Number"),
      field("fldL", "Linked qty", 19, "Lookup",
            Json{{"target_field", "fldQ"}, {"filter_info", {{"target_table", "tblOther"}}}}),
      field("fldF", "Calc", 20, "Formula", Json{{"type", {{"ui_type", "Number"}}}}),
      field("fldK", "$reserved_split_key", 2, "Number"),
      field("fldB", "Go", 3001, "Button"),
  };
  types::InMemoryFieldLists lists;
  lists.add("bascnS", "tblO", fields);
  lists.add("bascnS", "tblOther", {field("fldQ", "Qty", 2, "Number")});
  types::LookupResolver resolver(lists);
  auto direct = types::build_table_schema("bascnS", "tblO", fields, resolver);
  CrawlRequest request;
  request.control_base = "appCtl";
  request.control_table = "tblCtl";
  auto stored = table_input(request, "sales", "orders", "Orders", direct, fields);
  EXPECT_EQ(stored.columns.size(), 5u);  // Button has no column; reserved ones are not stored
  EXPECT_EQ(stored.columns[3].comment.substr(stored.columns[3].comment.rfind('=') + 1),
            "Formula<Number>");
  EXPECT_EQ(stored.columns[2].comment.substr(stored.columns[2].comment.rfind('=') + 1),
            "Lookup<Number>");
  auto served = catalog::stored_table_schema(stored);
  ASSERT_EQ(served.columns().size(), direct.columns().size());
  for (size_t i = 0; i < direct.columns().size(); ++i) {
    const auto& a = direct.columns()[i];
    const auto& b = served.columns()[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.glue_type, b.glue_type) << a.name;
    EXPECT_EQ(a.role, b.role) << a.name;
    EXPECT_EQ(a.kind, b.kind) << a.name;
    EXPECT_EQ(a.lookup_target, b.lookup_target) << a.name;
    EXPECT_EQ(a.lark_field_id, b.lark_field_id) << a.name;
    EXPECT_EQ(a.lark_field_name, b.lark_field_name) << a.name;
  }
}

TEST(CrawlEvent, SeedAndReferenceShapes) {
  auto seed = parse_crawl_event(Json::parse(
      R"({"handler_type":"lark_base","larkBaseDataSourceId":"appC","larkTableDataSourceId":"tblC"})"));
  EXPECT_EQ(seed.kind, SourceKind::kLarkBase);
  EXPECT_EQ(seed.data_source(), "appC:tblC");
  auto reference = parse_crawl_event(Json::parse(
      R"({"handlerType":"LARK_DRIVE","payload":{"larkDriveFolderToken":"fldX"},"dryRun":true})"));
  EXPECT_EQ(reference.kind, SourceKind::kLarkDrive);
  EXPECT_EQ(reference.folder_token, "fldX");
  EXPECT_TRUE(reference.dry_run);
  EXPECT_FALSE(reference.prune);
  auto drive = parse_crawl_event(
      Json::parse(R"({"handler_type":"lark_drive","larkDriveFolderToken":"fldY","prune":true})"));
  EXPECT_TRUE(drive.prune);
}

void expect_rejected(const char* event, const char* needle) {
  try {
    parse_crawl_event(Json::parse(event));
    ADD_FAILURE() << "accepted " << event;
  } catch (const common::UserError& error) {
    EXPECT_NE(std::string(error.what()).find(needle), std::string::npos) << error.what();
  }
}

TEST(CrawlEvent, BadEventsAreRejectedClearly) {
  expect_rejected(R"({"handlerType":"lark_base2","payload":{}})", "invalid handler type");
  expect_rejected(R"({"handler_type":"lark_base","larkBaseDataSourceId":"a"})",
                  "larkTableDataSourceId");
  expect_rejected(R"({"handler_type":"lark_base","larkBaseDataSourceId":"a",
                      "larkTableDataSourceId":"t","prnue":true})",
                  "unknown key \"prnue\"");
  expect_rejected(R"({"handlerType":"LARK_BASE"})", "\"payload\" must be an object");
  expect_rejected(R"({"handler_type":"lark_drive","larkBaseDataSourceId":"a"})",
                  "belong to a lark_base event");
  expect_rejected(R"([1])", "not a JSON object");
  expect_rejected(R"({"payload":{}})", "neither");
  expect_rejected(R"({"handler_type":"lark_drive","larkDriveFolderToken":"a/b"})", "not an id");
}

}  // namespace
}  // namespace larkbase::crawler
