// The table's serialised record form: items, projection, parsed cells.
#include "emulator/table.hpp"

#include <gtest/gtest.h>

#include "common/json.hpp"
#include "emulator/api_error.hpp"

namespace larkbase::emulator {
namespace {

using common::Json;

Table make_table() {
  Json fields = Json::array({{{"field_id", "f1"}, {"field_name", "Name"}, {"type", 1}},
                             {{"field_id", "f2"}, {"field_name", "Qty \"x\""}, {"type", 2}},
                             {{"field_id", "f3"}, {"field_name", "Tags"}, {"type", 4}}});
  return Table("tbl1", "t", fields);
}

Json item(const Table& table, uint32_t index, const std::vector<bool>* projection, bool automatic) {
  std::string out;
  auto lock = table.read_lock();
  table.write_item_locked(index, projection, automatic, out);
  return common::parse_json(out, "item");
}

TEST(Table, WritesItemsThatRoundTrip) {
  Table table = make_table();
  Json record = {
      {"record_id", "recA"},
      {"fields",
       {{"Tags", {"x"}}, {"Name", {{{"type", "text"}, {"text", "n"}}}}, {"Qty \"x\"", 2.5}}},
      {"created_time", 5}};
  table.append(record);
  Json out = item(table, 0, nullptr, false);
  EXPECT_EQ(out["record_id"], "recA");
  EXPECT_EQ(out["fields"], record["fields"]);
  EXPECT_FALSE(out.contains("created_time"));
  EXPECT_EQ(item(table, 0, nullptr, true)["created_time"], 5);
}

TEST(Table, EmptyCellsAreNotStored) {
  Table table = make_table();
  table.append({{"record_id", "recB"}, {"fields", {{"Name", nullptr}, {"Tags", Json::array()}}}});
  EXPECT_EQ(item(table, 0, nullptr, false)["fields"], Json::object());
}

TEST(Table, ProjectionKeepsOnlyChosenFields) {
  Table table = make_table();
  table.append(
      {{"record_id", "recC"}, {"fields", {{"Name", "n"}, {"Qty \"x\"", 1}, {"Tags", {"t"}}}}});
  std::vector<bool> projection = {false, true, true};
  EXPECT_EQ(item(table, 0, &projection, false)["fields"],
            (Json{{"Qty \"x\"", 1}, {"Tags", {"t"}}}));
}

TEST(Table, RecordLockedParsesOnlyRequestedCells) {
  Table table = make_table();
  table.append({{"record_id", "recD"},
                {"fields", {{"Name", "n"}, {"Qty \"x\"", 7}}},
                {"last_modified_time", 9}});
  auto lock = table.read_lock();
  Json record = table.record_locked(0, {1}, true);
  EXPECT_EQ(record["fields"], (Json{{"Qty \"x\"", 7}}));
  EXPECT_EQ(record["last_modified_time"], 9);
  EXPECT_EQ(table.find_locked("recD"), 0u);
  EXPECT_FALSE(table.find_locked("recZ"));
}

TEST(Table, UnknownFieldIsFieldNameNotFound) {
  Table table = make_table();
  try {
    table.append({{"record_id", "recE"}, {"fields", {{"Nope", 1}}}});
    FAIL();
  } catch (const ApiError& error) {
    EXPECT_EQ(error.code(), codes::kFieldNameNotFound);
  }
  auto lock = table.read_lock();
  EXPECT_EQ(table.size_locked(), 0u);
}

}  // namespace
}  // namespace larkbase::emulator

namespace larkbase::emulator {
namespace {

TEST(Table, RepeatedValuesAreStoredOnceAndReadBackIntact) {
  Json fields =
      Json::array({{{"field_name", "Owner"}, {"type", 11}}, {{"field_name", "Note"}, {"type", 1}}});
  Table table("tbl2", "t", fields);
  Json person = {{"id", "ou_0123456789"}, {"name", "Somebody With A Long Name"}};
  for (int i = 0; i < 5000; ++i) {
    table.append(
        {{"record_id", "rec" + std::to_string(i)},
         {"fields",
          {{"Owner", Json::array({person})},
           {"Note", Json::array({{{"type", "text"},
                                  {"text", "a distinct note number " + std::to_string(i)}}})}}},
         {"created_by", person}});
  }
  auto lock = table.read_lock();
  // One pooled person; the notes are mostly distinct and stop being pooled.
  EXPECT_LT(table.pooled_values_locked(), 2100u);
  std::string out;
  table.write_item_locked(4321, nullptr, true, out);
  Json item = common::parse_json(out, "item");
  EXPECT_EQ(item["fields"]["Owner"][0], person);
  EXPECT_EQ(item["fields"]["Note"][0]["text"], "a distinct note number 4321");
  EXPECT_EQ(item["created_by"], person);
  EXPECT_EQ(table.record_locked(17, {0}, true)["fields"]["Owner"][0], person);
}

}  // namespace
}  // namespace larkbase::emulator
