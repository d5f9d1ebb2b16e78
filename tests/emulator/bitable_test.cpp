// List tables, list fields, batch_get, batch_create.
#include <gtest/gtest.h>

#include <set>

#include "server_fixture.hpp"

namespace larkbase::testing {
namespace {

std::string tables_path(const std::string& app_token) {
  return "/open-apis/bitable/v1/apps/" + app_token + "/tables";
}

TEST(EmulatorTables, PagesThroughEveryTableOnce) {
  EmulatorClient client = authed_client();
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  while (true) {
    std::string path = tables_path(kWideBase) + "?page_size=10";
    if (!token.empty()) path += "&page_token=" + token;
    Reply reply = client.get(path);
    ASSERT_EQ(reply.body["code"], 0) << reply.body.dump();
    const auto& data = reply.body["data"];
    EXPECT_EQ(data["total"], kWideTableCount);
    for (const auto& item : data["items"]) {
      seen.push_back(item["table_id"]);
      EXPECT_TRUE(item.contains("revision"));
    }
    ++pages;
    if (!data["has_more"].get<bool>()) break;
    token = data["page_token"];
  }
  EXPECT_EQ(pages, 5);
  ASSERT_EQ(seen.size(), size_t(kWideTableCount));
  EXPECT_EQ(seen.front(), "tblWide000");
  EXPECT_EQ(seen.back(), "tblWide044");
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
}

TEST(EmulatorTables, DefaultPageSizeIs20) {
  EmulatorClient client = authed_client();
  Reply reply = client.get(tables_path(kWideBase));
  EXPECT_EQ(reply.body["data"]["items"].size(), 20u);
  EXPECT_TRUE(reply.body["data"]["has_more"].get<bool>());
}

TEST(EmulatorTables, UnknownBaseIs1254040) {
  EmulatorClient client = authed_client();
  Reply reply = client.get(tables_path("bascnMissing"));
  EXPECT_EQ(reply.body["code"], 1254040);
  EXPECT_TRUE(reply.body["error"].contains("log_id"));
}

TEST(EmulatorFields, PagesFieldsAndKeepsTheirShape) {
  EmulatorClient client = authed_client();
  Reply first = client.get(table_path(kBase, kOrders, "/fields?page_size=5"));
  ASSERT_EQ(first.body["code"], 0);
  const auto& data = first.body["data"];
  EXPECT_EQ(data["total"], 8);
  ASSERT_EQ(data["items"].size(), 5u);
  EXPECT_TRUE(data["has_more"].get<bool>());
  EXPECT_EQ(data["items"][0]["field_name"], "Name");
  EXPECT_TRUE(data["items"][0]["property"].is_null());
  EXPECT_EQ(data["items"][0]["description"], "customer name");
  Reply second = client.get(table_path(kBase, kOrders, "/fields?page_size=5&page_token=") +
                            data["page_token"].get<std::string>());
  ASSERT_EQ(second.body["data"]["items"].size(), 3u);
  EXPECT_FALSE(second.body["data"]["has_more"].get<bool>());
  EXPECT_EQ(second.body["data"]["items"][0]["field_name"], "Done");
}

TEST(EmulatorFields, TextFieldAsArrayChangesOnlyTheDescription) {
  EmulatorClient client = authed_client();
  Reply reply = client.get(table_path(kBase, kOrders, "/fields?text_field_as_array=true"));
  const auto& name = reply.body["data"]["items"][0];
  ASSERT_TRUE(name["description"].is_array());
  EXPECT_EQ(name["description"][0]["text"], "customer name");
  EXPECT_EQ(name["type"], 1);
}

TEST(EmulatorFields, UnknownTableIs1254041) {
  EmulatorClient client = authed_client();
  EXPECT_EQ(client.get(table_path(kBase, "tblNope", "/fields")).body["code"], 1254041);
}

TEST(EmulatorBatchGet, ReturnsKnownRecordsAndListsAbsentIds) {
  EmulatorClient client = authed_client();
  common::Json body = {{"record_ids", {order_id(7), "recMissing", order_id(3)}},
                       {"automatic_fields", true}};
  Reply reply = client.post(table_path(kBase, kOrders, "/records/batch_get"), body);
  ASSERT_EQ(reply.body["code"], 0) << reply.body.dump();
  const auto& data = reply.body["data"];
  ASSERT_EQ(data["records"].size(), 2u);
  EXPECT_EQ(data["records"][0]["record_id"], order_id(7));
  EXPECT_EQ(data["records"][0]["fields"]["Amount"], 10.5);
  EXPECT_EQ(data["records"][0]["created_time"], 1690000000007);
  EXPECT_EQ(data["records"][1]["record_id"], order_id(3));
  EXPECT_EQ(data["absent_record_ids"], common::Json::array({"recMissing"}));
}

// Writing tests get their own emulator so other tests see the dataset unchanged.
TEST(EmulatorBatchCreate, CreatedRecordsAreSearchable) {
  auto emulator = start_emulator();
  EmulatorClient client = authed_client(*emulator);
  common::Json body = {
      {"records",
       {{{"fields", {{"Name", "Fresh one"}, {"Amount", 1}, {"Parent", {order_id(1)}}}}},
        {{"fields", {{"Name", "Fresh two"}, {"Status", "Open"}}}}}}};
  Reply created = client.post(table_path(kBase, kOrders, "/records/batch_create"), body);
  ASSERT_EQ(created.body["code"], 0) << created.body.dump();
  const auto& records = created.body["data"]["records"];
  ASSERT_EQ(records.size(), 2u);
  std::string id = records[0]["record_id"];
  EXPECT_TRUE(id.starts_with("rec"));
  // Written in write form, returned in read form.
  EXPECT_EQ(records[0]["fields"]["Name"][0]["text"], "Fresh one");
  EXPECT_EQ(records[0]["fields"]["Parent"]["link_record_ids"][0], order_id(1));

  // The new records come last, after the dataset's; page to the end.
  common::Json last_page;
  std::string token;
  int total = 0;
  do {
    std::string path = table_path(kBase, kOrders, "/records/search?page_size=500");
    if (!token.empty()) path += "&page_token=" + token;
    Reply page = client.post(path, common::Json::object());
    ASSERT_EQ(page.body["code"], 0) << page.body.dump();
    last_page = page.body["data"];
    total = last_page["total"];
    token = last_page.value("page_token", "");
  } while (last_page["has_more"].get<bool>());
  EXPECT_EQ(total, kOrderCount + 2);
  const auto& items = last_page["items"];
  EXPECT_EQ(items[items.size() - 2]["record_id"], id);
  EXPECT_EQ(items[items.size() - 1]["fields"]["Status"], "Open");

  Reply fetched =
      client.post(table_path(kBase, kOrders, "/records/batch_get"), {{"record_ids", {id}}});
  ASSERT_EQ(fetched.body["code"], 0) << fetched.body.dump();
  EXPECT_EQ(fetched.body["data"]["records"][0]["fields"]["Amount"], 1);
}

TEST(EmulatorBatchCreate, RejectsUnknownFieldsAndWrongTypesWithoutWriting) {
  auto emulator = start_emulator();
  EmulatorClient client = authed_client(*emulator);
  Reply unknown = client.post(table_path(kBase, kOrders, "/records/batch_create"),
                              {{"records", {{{"fields", {{"Nope", 1}}}}}}});
  EXPECT_EQ(unknown.body["code"], 1254045);
  Reply wrong = client.post(
      table_path(kBase, kOrders, "/records/batch_create"),
      {{"records", {{{"fields", {{"Name", "ok"}}}}, {{"fields", {{"Amount", "not a number"}}}}}}});
  EXPECT_EQ(wrong.body["code"], 1254061);
  Reply search = client.post(table_path(kBase, kOrders, "/records/search?page_size=1"),
                             common::Json::object());
  EXPECT_EQ(search.body["data"]["total"], kOrderCount);
}

}  // namespace
}  // namespace larkbase::testing
