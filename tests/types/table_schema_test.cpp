#include "types/table_schema.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"
#include "test_fields.hpp"
#include "types/column_type.hpp"

namespace larkbase::types {
namespace {

using test::field_json;
using test::fields_from;
using test::lookup_property;

// Every kind once, in Lark's field order.
std::string all_kinds_json() {
  return "[" + test::every_kind_field_items() + "," + field_json("fldBtn", "Run", 3001, "Button") +
         "," + field_json("fldSig", "Sig", 99, "Signature") + "]";
}

TableSchema schema_of(const std::string& fields_json) {
  InMemoryFieldLists lists;
  LookupResolver resolver(lists);
  return build_table_schema("bascnApp", "tblMain", fields_from(fields_json), resolver);
}

TEST(TableSchemaTest, EveryKindGetsTheContractTypeAndGlueString) {
  TableSchema schema = schema_of(all_kinds_json());
  const std::vector<std::pair<std::string, std::string>> expected{
      {"title", "string"},
      {"code", "string"},
      {"email", "string"},
      {"phone", "string"},
      {"amount", "double"},
      {"done_", "double"},
      {"price", "double"},
      {"stars", "int"},
      {"status", "string"},
      {"tags", "array<string>"},
      {"due", "bigint"},
      {"created", "bigint"},
      {"modified", "bigint"},
      {"done", "boolean"},
      {"owner", "array<struct<id:string,name:string,email:string>>"},
      {"creator", "struct<id:string,name:string,email:string>"},
      {"modifier", "struct<id:string,name:string,email:string>"},
      {"chat", "string"},
      {"link", "struct<text:string,link:string>"},
      {"files", "array<struct<name:string,url:string,size:bigint,type:string,token:string>>"},
      {"parent", "array<struct<record_id:string,text:string>>"},
      {"related", "array<struct<record_id:string,text:string>>"},
      {"where",
       "struct<location:string,latitude:double,longitude:double,address:string,full_address:"
       "string,name:string,pname:string,cityname:string,adname:string>"},
      {"ticket", "string"},
      {"total", "string"},
      {"sig", "string"},
      {"$reserved_record_id", "string"},
      {"$reserved_table_id", "string"},
      {"$reserved_base_id", "string"},
  };
  ASSERT_EQ(schema.columns().size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Column& column = schema.columns()[i];
    EXPECT_EQ(column.name, expected[i].first) << i;
    EXPECT_EQ(column.field.name, expected[i].first) << i;
    EXPECT_EQ(column.glue_type, expected[i].second) << column.name;
    EXPECT_EQ(glue_type(*column.field.type), expected[i].second) << column.name;
    EXPECT_TRUE(column.field.nullable) << column.name;  // a bad value is NULL, even a checkbox
  }
  EXPECT_EQ(schema.find("stars")->field.type->id, columnar::TypeId::kInt32);
  EXPECT_EQ(schema.find("due")->field.type->id, columnar::TypeId::kInt64);
  EXPECT_EQ(schema.find("sig")->kind, FieldKind::kUnknown);
  EXPECT_EQ(schema.find("flow"), nullptr);  // Stage is not exposed
  EXPECT_EQ(schema.find("run"), nullptr);   // nor Button
}

TEST(TableSchemaTest, ColumnsKeepTheirLarkFieldForFilters) {
  TableSchema schema = schema_of(all_kinds_json());
  const Column* column = schema.find("done_");
  ASSERT_NE(column, nullptr);
  EXPECT_EQ(column->lark_field_name, "Done %");
  EXPECT_EQ(column->lark_field_id, "fldProg");
  EXPECT_EQ(column->lark_type, 2);
  EXPECT_EQ(column->lark_ui_type, "Progress");
  EXPECT_EQ(column->kind, FieldKind::kProgress);
  EXPECT_EQ(column->role, ColumnRole::kField);
  EXPECT_EQ(schema.find_by_lark_name("Done %"), column);
  EXPECT_EQ(schema.index_of("done_"), 5);
  EXPECT_EQ(schema.index_of("nope"), -1);
  EXPECT_EQ(schema.find("$reserved_record_id")->role, ColumnRole::kRecordId);
  EXPECT_EQ(schema.find("$reserved_table_id")->role, ColumnRole::kTableId);
  EXPECT_EQ(schema.find("$reserved_base_id")->role, ColumnRole::kBaseId);
  EXPECT_FALSE(schema.has_split_key());
  EXPECT_EQ(schema.arrow_schema().fields.size(), schema.columns().size());
}

TEST(TableSchemaTest, NamesAreSanitisedAndCollisionsNumberedInLarkOrder) {
  TableSchema schema = schema_of("[" + field_json("fldA1", "Segment 5", 1, "Text") + "," +
                                 field_json("fldA2", "segment 5", 2, "Number") + "," +
                                 field_json("fldA3", "SEGMENT-5", 1, "Text") + "," +
                                 field_json("fldZh", "销售额", 2, "Number") + "," +
                                 field_json("fldD1", "2024 Revenue", 2, "Number") + "," +
                                 field_json("fldE1", "!!!", 1, "Text") + "]");
  std::vector<std::string> names;
  for (const auto& column : schema.columns()) names.push_back(column.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"segment_5", "segment_5_2", "segment_5_3", "field_fldzh",
                                      "_2024_revenue", "field_flde1", "$reserved_record_id",
                                      "$reserved_table_id", "$reserved_base_id"}));
  EXPECT_EQ(schema.find("segment_5_2")->lark_field_name, "segment 5");
  EXPECT_EQ(schema.find("field_fldzh")->lark_field_name, "销售额");
}

TEST(TableSchemaTest, AFieldNamedLikeAReservedColumnGetsSuffixOne) {
  TableSchema schema = schema_of("[" + field_json("fldR", "$reserved_record_id", 1, "Text") + "," +
                                 field_json("fldB", "$Reserved_Base_Id", 2, "Number") + "]");
  ASSERT_NE(schema.find("$reserved_record_id_1"), nullptr);
  EXPECT_EQ(schema.find("$reserved_record_id_1")->lark_field_name, "$reserved_record_id");
  EXPECT_EQ(schema.find("$reserved_record_id_1")->role, ColumnRole::kField);
  EXPECT_EQ(schema.find("$reserved_base_id_1")->kind, FieldKind::kNumber);
  EXPECT_EQ(schema.find("$reserved_record_id")->role, ColumnRole::kRecordId);
  EXPECT_EQ(schema.find("$reserved_base_id")->role, ColumnRole::kBaseId);
}

TEST(TableSchemaTest, ANumberFieldNamedSplitKeyIsTheSplitKeyColumn) {
  TableSchema schema = schema_of("[" + field_json("fldT", "Title", 1, "Text") + "," +
                                 field_json("fldK", "$reserved_split_key", 2, "Number") + "]");
  ASSERT_TRUE(schema.has_split_key());
  ASSERT_EQ(schema.columns().size(), 5u);
  const Column& key = schema.columns().back();
  EXPECT_EQ(key.name, "$reserved_split_key");
  EXPECT_EQ(key.role, ColumnRole::kSplitKey);
  EXPECT_EQ(key.field.type->id, columnar::TypeId::kInt64);
  EXPECT_EQ(key.glue_type, "bigint");
  EXPECT_EQ(key.lark_field_name, "$reserved_split_key");
  EXPECT_EQ(key.lark_field_id, "fldK");
  EXPECT_EQ(schema.columns()[3].name, "$reserved_base_id");
}

TEST(TableSchemaTest, AnAutoNumberSplitKeyIsAcceptedButATextOneIsNot) {
  TableSchema auto_key =
      schema_of("[" + field_json("fldK", "$reserved_split_key", 1005, "AutoNumber") + "]");
  EXPECT_TRUE(auto_key.has_split_key());
  EXPECT_EQ(auto_key.find("$reserved_split_key")->kind, FieldKind::kAutoNumber);

  TableSchema text_key =
      schema_of("[" + field_json("fldK", "$reserved_split_key", 1, "Text") + "]");
  EXPECT_FALSE(text_key.has_split_key());
  ASSERT_NE(text_key.find("$reserved_split_key_1"), nullptr);
  EXPECT_EQ(text_key.find("$reserved_split_key_1")->field.type->id, columnar::TypeId::kUtf8);
}

TEST(TableSchemaTest, FormulaIsAlwaysText) {
  TableSchema schema = schema_of(
      "[" +
      field_json("fldF", "Sum", 20, "Formula",
                 R"({"formula_expression":"1+1","type":{"data_type":2,"ui_type":"Number"}})") +
      "]");
  EXPECT_EQ(schema.find("sum")->field.type->id, columnar::TypeId::kUtf8);
  EXPECT_EQ(schema.find("sum")->glue_type, "string");
}

// ---- lookups --------------------------------------------------------------------------

class LookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lists_.add(
        "bascnApp", "tblB",
        fields_from(
            "[" + field_json("fldBText", "Name", 1, "Text") + "," +
            field_json("fldBNum", "Qty", 2, "Number") + "," +
            field_json("fldBRate", "Stars", 2, "Rating") + "," +
            field_json("fldBDate", "When", 5, "DateTime") + "," +
            field_json("fldBChk", "Ok", 7, "Checkbox") + "," +
            field_json("fldBUser", "Who", 11, "User") + "," +
            field_json("fldBSel", "Kind", 3, "SingleSelect") + "," +
            field_json("fldBLook", "Deep", 19, "Lookup", lookup_property("tblC", "fldCNum")) + "," +
            field_json("fldCyc1", "Cyc1", 19, "Lookup", lookup_property("tblC", "fldCyc2")) + "]"));
    lists_.add(
        "bascnApp", "tblC",
        fields_from(
            "[" + field_json("fldCNum", "Cost", 2, "Currency") + "," +
            field_json("fldCyc2", "Cyc2", 19, "Lookup", lookup_property("tblB", "fldCyc1")) + "]"));
    // A chain tblD: fldD0 -> fldD1 -> ... -> fldD20, where fldD20 is a Number.
    std::string chain = "[";
    for (int i = 0; i <= 20; ++i) {
      std::string id = "fldD" + std::to_string(i);
      chain += i < 20 ? field_json(id, "D" + std::to_string(i), 19, "Lookup",
                                   lookup_property("tblD", "fldD" + std::to_string(i + 1)))
                      : field_json(id, "D20", 2, "Number");
      chain += i < 20 ? "," : "]";
    }
    lists_.add("bascnApp", "tblD", fields_from(chain));
  }

  LarkField lookup_to(const std::string& table, const std::string& field) {
    return fields_from("[" + field_json("fldL", "L", 19, "Lookup", lookup_property(table, field)) +
                       "]")[0];
  }

  columnar::DataTypePtr item_type_of(const std::string& property) {
    LookupResolver resolver(lists_);
    TableSchema schema = build_table_schema(
        "bascnApp", "tblMain",
        fields_from("[" + field_json("fldL", "L", 19, "Lookup", property) + "]"), resolver);
    const auto& type = *schema.find("l")->field.type;
    EXPECT_EQ(type.id, columnar::TypeId::kList);
    return type.children.at(0).type;
  }

  InMemoryFieldLists lists_;
};

TEST_F(LookupTest, ScalarTargetsGiveListsOfTheirType) {
  EXPECT_EQ(item_type_of(lookup_property("tblB", "fldBText"))->id, columnar::TypeId::kUtf8);
  EXPECT_EQ(item_type_of(lookup_property("tblB", "fldBNum"))->id, columnar::TypeId::kFloat64);
  EXPECT_EQ(item_type_of(lookup_property("tblB", "fldBRate"))->id, columnar::TypeId::kInt32);
  EXPECT_EQ(item_type_of(lookup_property("tblB", "fldBDate"))->id, columnar::TypeId::kInt64);
  EXPECT_EQ(item_type_of(lookup_property("tblB", "fldBChk"))->id, columnar::TypeId::kBool);
  EXPECT_EQ(item_type_of(lookup_property("tblB", "fldBSel"))->id, columnar::TypeId::kUtf8);
}

TEST_F(LookupTest, NonScalarAndUnresolvableTargetsFallBackToListOfText) {
  EXPECT_EQ(item_type_of(lookup_property("tblB", "fldBUser"))->id, columnar::TypeId::kUtf8);
  EXPECT_EQ(item_type_of(lookup_property("tblB", "fldMissing"))->id, columnar::TypeId::kUtf8);
  EXPECT_EQ(item_type_of(lookup_property("tblNope", "fldBNum"))->id, columnar::TypeId::kUtf8);
  EXPECT_EQ(item_type_of("null")->id, columnar::TypeId::kUtf8);
  // The SDK's shape names the table but no field: unresolvable.
  EXPECT_EQ(item_type_of(R"({"filter_info":{"target_table":"tblB","filter_info":{}}})")->id,
            columnar::TypeId::kUtf8);
}

TEST_F(LookupTest, OtherPropertyShapesAreAccepted) {
  EXPECT_EQ(item_type_of(R"({"target_table":"tblB","target_field_id":"fldBNum"})")->id,
            columnar::TypeId::kFloat64);
  EXPECT_EQ(item_type_of(R"({"table_id":"tblB","field_id":"fldBRate"})")->id,
            columnar::TypeId::kInt32);
}

TEST_F(LookupTest, ChainsAreFollowedToTheFinalTarget) {
  LookupResolver resolver(lists_);
  LookupResolution resolution =
      resolver.resolve("bascnApp", "tblMain", lookup_to("tblB", "fldBLook"));
  EXPECT_TRUE(resolution.resolved);
  EXPECT_EQ(resolution.target_kind, FieldKind::kCurrency);
  EXPECT_EQ(resolution.target_table_id, "tblC");
  EXPECT_EQ(resolution.target_field_id, "fldCNum");
  EXPECT_EQ(resolution.hops, 2);
  EXPECT_EQ(item_type_of(lookup_property("tblB", "fldBLook"))->id, columnar::TypeId::kFloat64);
}

TEST_F(LookupTest, CyclesStopAndFallBack) {
  LookupResolver resolver(lists_);
  LookupResolution resolution =
      resolver.resolve("bascnApp", "tblMain", lookup_to("tblB", "fldCyc1"));
  EXPECT_FALSE(resolution.resolved);
  EXPECT_NE(resolution.reason.find("cycle"), std::string::npos) << resolution.reason;
  EXPECT_EQ(item_type_of(lookup_property("tblB", "fldCyc1"))->id, columnar::TypeId::kUtf8);
  // A lookup that targets itself.
  LookupResolution self = resolver.resolve("bascnApp", "tblMain", lookup_to("tblMain", "fldL"));
  EXPECT_FALSE(self.resolved);
  EXPECT_NE(self.reason.find("cycle"), std::string::npos) << self.reason;
}

TEST_F(LookupTest, TwentyHopsResolveButTwentyOneDoNot) {
  LookupResolver resolver(lists_);
  LookupResolution twenty = resolver.resolve("bascnApp", "tblMain", lookup_to("tblD", "fldD1"));
  EXPECT_TRUE(twenty.resolved) << twenty.reason;
  EXPECT_EQ(twenty.hops, 20);
  EXPECT_EQ(twenty.target_kind, FieldKind::kNumber);
  LookupResolution too_deep = resolver.resolve("bascnApp", "tblMain", lookup_to("tblD", "fldD0"));
  EXPECT_FALSE(too_deep.resolved);
  EXPECT_EQ(too_deep.hops, 20);
  EXPECT_NE(too_deep.reason.find("20"), std::string::npos) << too_deep.reason;
}

TEST_F(LookupTest, TheResolvedTargetIsKeptOnTheColumn) {
  LookupResolver resolver(lists_);
  TableSchema schema = build_table_schema(
      "bascnApp", "tblMain",
      fields_from("[" + field_json("fldL", "L", 19, "Lookup", lookup_property("tblB", "fldBDate")) +
                  "]"),
      resolver);
  EXPECT_EQ(schema.find("l")->kind, FieldKind::kLookup);
  EXPECT_EQ(schema.find("l")->lookup_target, FieldKind::kDateTime);
  EXPECT_EQ(schema.find("l")->glue_type, "array<bigint>");
}

// ---- glue strings and JSON ------------------------------------------------------------

TEST(GlueTypeTest, StringsForEveryTypeOfTheSet) {
  EXPECT_EQ(glue_type(*columnar::utf8_type()), "string");
  EXPECT_EQ(glue_type(*columnar::float64_type()), "double");
  EXPECT_EQ(glue_type(*columnar::int32_type()), "int");
  EXPECT_EQ(glue_type(*columnar::int64_type()), "bigint");
  EXPECT_EQ(glue_type(*columnar::bool_type()), "boolean");
  EXPECT_EQ(glue_type(*columnar::int8_type()), "tinyint");
  EXPECT_EQ(glue_type(*columnar::int16_type()), "smallint");
  EXPECT_EQ(glue_type(*columnar::float32_type()), "float");
  EXPECT_EQ(glue_type(*columnar::decimal128_type(38, 18)), "decimal(38,18)");
  EXPECT_EQ(glue_type(*columnar::date_day_type()), "date");
  EXPECT_EQ(glue_type(*columnar::list_type(columnar::list_type(columnar::utf8_type()))),
            "array<array<string>>");
  EXPECT_EQ(
      glue_type(*columnar::struct_type({{"a", columnar::int32_type(), true},
                                        {"b", columnar::list_type(columnar::bool_type()), true}})),
      "struct<a:int,b:array<boolean>>");
}

TEST(TableSchemaJsonTest, RoundTripKeepsEveryColumnDetail) {
  InMemoryFieldLists lists;
  lists.add("bascnApp", "tblB", fields_from("[" + field_json("fldBNum", "Qty", 2, "Number") + "]"));
  LookupResolver resolver(lists);
  std::string json = all_kinds_json();
  json.pop_back();
  json += "," + field_json("fldL", "Qty Lookup", 19, "Lookup", lookup_property("tblB", "fldBNum")) +
          "," + field_json("fldK", "$reserved_split_key", 2, "Number") + "]";
  TableSchema original = build_table_schema("bascnApp", "tblMain", fields_from(json), resolver);

  std::string text = to_json(original).dump();
  TableSchema copy = table_schema_from_json(common::parse_json(text, "schema"));
  EXPECT_EQ(copy.app_token(), "bascnApp");
  EXPECT_EQ(copy.table_id(), "tblMain");
  ASSERT_EQ(copy.columns().size(), original.columns().size());
  for (size_t i = 0; i < copy.columns().size(); ++i) {
    const Column& a = original.columns()[i];
    const Column& b = copy.columns()[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_TRUE(a.field.type->equals(*b.field.type)) << a.name;
    EXPECT_EQ(a.field.nullable, b.field.nullable);
    EXPECT_EQ(a.glue_type, b.glue_type);
    EXPECT_EQ(a.role, b.role) << a.name;
    EXPECT_EQ(a.kind, b.kind) << a.name;
    EXPECT_EQ(a.lookup_target, b.lookup_target) << a.name;
    EXPECT_EQ(a.lark_field_id, b.lark_field_id);
    EXPECT_EQ(a.lark_field_name, b.lark_field_name);
    EXPECT_EQ(a.lark_type, b.lark_type);
    EXPECT_EQ(a.lark_ui_type, b.lark_ui_type);
  }
  EXPECT_EQ(copy.find("qty_lookup")->lookup_target, FieldKind::kNumber);
  EXPECT_TRUE(copy.has_split_key());
  EXPECT_EQ(to_json(copy), to_json(original));
}

TEST(TableSchemaJsonTest, MalformedJsonIsAUserError) {
  EXPECT_THROW(table_schema_from_json(common::Json::array()), common::UserError);
  EXPECT_THROW(
      table_schema_from_json(common::parse_json(
          R"({"app_token":"a","table_id":"t","columns":[{"name":"x","role":"field"}]})", "schema")),
      common::UserError);
  EXPECT_THROW(
      table_schema_from_json(common::parse_json(
          R"({"app_token":"a","table_id":"t","columns":[{"name":"x","role":"weird","type":{"id":"utf8"}}]})",
          "schema")),
      common::UserError);
}

}  // namespace
}  // namespace larkbase::types
