// records/search: paging, totals, errors, projection, automatic fields.
#include <gtest/gtest.h>

#include <set>

#include "server_fixture.hpp"

namespace larkbase::testing {
namespace {

std::string search_path(const std::string& query = "") {
  return table_path(kBase, kOrders, "/records/search" + query);
}

TEST(EmulatorSearch, PagesReturnEveryRecordOnceInOrder) {
  EmulatorClient client = authed_client();
  std::vector<std::string> ids;
  std::string token;
  int pages = 0;
  while (true) {
    std::string path = search_path("?page_size=300");
    if (!token.empty()) path += "&page_token=" + token;
    Reply reply = client.post(path, common::Json::object());
    ASSERT_EQ(reply.body["code"], 0) << reply.body.dump();
    const auto& data = reply.body["data"];
    EXPECT_EQ(data["total"], kOrderCount);
    for (const auto& item : data["items"]) ids.push_back(item["record_id"]);
    ++pages;
    bool has_more = data["has_more"];
    EXPECT_EQ(data.contains("page_token"), has_more);
    if (!has_more) break;
    token = data["page_token"];
    ASSERT_LT(pages, 100);
  }
  EXPECT_EQ(pages, 7);  // 6 full pages of 300 and one of 200
  ASSERT_EQ(ids.size(), size_t(kOrderCount));
  for (int i = 0; i < kOrderCount; ++i) ASSERT_EQ(ids[i], order_id(i));
}

TEST(EmulatorSearch, DefaultPageSizeIs20AndEmptyCellsAreAbsent) {
  EmulatorClient client = authed_client();
  Reply reply = client.post(search_path(), common::Json::object());
  const auto& items = reply.body["data"]["items"];
  ASSERT_EQ(items.size(), 20u);
  // Order 0 has no Due date (every fifth order) and no automatic fields by default.
  EXPECT_FALSE(items[0]["fields"].contains("Due"));
  EXPECT_TRUE(items[1]["fields"].contains("Due"));
  EXPECT_FALSE(items[0].contains("created_time"));
  EXPECT_EQ(items[3]["fields"]["Tags"], common::Json::array({"a", "b"}));
}

TEST(EmulatorSearch, PageSizeZeroIs400With1254011) {
  EmulatorClient client = authed_client();
  Reply reply = client.post(search_path("?page_size=0"), common::Json::object());
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body["code"], 1254011);
}

TEST(EmulatorSearch, PageSizeOver500IsAFieldViolation) {
  EmulatorClient client = authed_client();
  Reply reply = client.post(search_path("?page_size=501"), common::Json::object());
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body["code"], 99992402);
  EXPECT_EQ(reply.body["error"]["field_violations"][0]["field"], "page_size");
}

TEST(EmulatorSearch, MissingBodyIs400With9499) {
  EmulatorClient client = authed_client();
  Reply reply = client.post(search_path(), nullptr);
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body["code"], 9499);
}

TEST(EmulatorSearch, UnknownBaseAndTable) {
  EmulatorClient client = authed_client();
  EXPECT_EQ(client.post(table_path("bascnNope", kOrders, "/records/search"), common::Json::object())
                .body["code"],
            1254040);
  EXPECT_EQ(client.post(table_path(kBase, "tblNope", "/records/search"), common::Json::object())
                .body["code"],
            1254041);
}

TEST(EmulatorSearch, FieldNamesProjectsCells) {
  EmulatorClient client = authed_client();
  Reply reply = client.post(search_path("?page_size=5"), {{"field_names", {"Amount", "Status"}}});
  ASSERT_EQ(reply.body["code"], 0);
  for (const auto& item : reply.body["data"]["items"]) {
    std::set<std::string> keys;
    for (const auto& [key, value] : item["fields"].items()) keys.insert(key);
    EXPECT_EQ(keys, (std::set<std::string>{"Amount", "Status"}));
  }
  EXPECT_EQ(reply.body["data"]["items"][2]["fields"]["Amount"], 3.0);
}

TEST(EmulatorSearch, UnknownFieldNameIs1254024) {
  EmulatorClient client = authed_client();
  Reply reply = client.post(search_path(), {{"field_names", {"Amount", "Nope"}}});
  EXPECT_EQ(reply.body["code"], 1254024);
}

TEST(EmulatorSearch, AutomaticFieldsAddCreatorAndTimes) {
  EmulatorClient client = authed_client();
  Reply reply = client.post(search_path("?page_size=2"), {{"automatic_fields", true}});
  const auto& item = reply.body["data"]["items"][1];
  EXPECT_EQ(item["created_time"], 1690000000001);
  EXPECT_EQ(item["last_modified_time"], 1695000000001);
  EXPECT_EQ(item["created_by"]["id"], "ou_owner1");
  EXPECT_TRUE(item["last_modified_by"].is_object());
}

TEST(EmulatorSearch, ForeignPageTokenIsRejected) {
  EmulatorClient client = authed_client();
  Reply reply = client.post(search_path("?page_token=bm90LWEtdG9rZW4="), common::Json::object());
  EXPECT_EQ(reply.body["code"], 1254002);
}

common::Json status_is(const std::string& status) {
  return {{"conjunction", "and"},
          {"conditions", {{{"field_name", "Status"}, {"operator", "is"}, {"value", {status}}}}}};
}

TEST(EmulatorSearch, FilterTotalsAndPagesOnlyMatches) {
  EmulatorClient client = authed_client();
  common::Json body = {{"filter", status_is("Done")}, {"field_names", {"Status"}}};
  std::vector<std::string> ids;
  std::string token;
  while (true) {
    std::string path = search_path("?page_size=200");
    if (!token.empty()) path += "&page_token=" + token;
    Reply reply = client.post(path, body);
    ASSERT_EQ(reply.body["code"], 0) << reply.body.dump();
    EXPECT_EQ(reply.body["data"]["total"], kOrderCount / 4);
    for (const auto& item : reply.body["data"]["items"]) {
      EXPECT_EQ(item["fields"]["Status"], "Done");
      ids.push_back(item["record_id"]);
    }
    if (!reply.body["data"]["has_more"].get<bool>()) break;
    token = reply.body["data"]["page_token"];
  }
  ASSERT_EQ(ids.size(), size_t(kOrderCount / 4));
  for (size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(ids[i], order_id(int(i) * 4));
}

TEST(EmulatorSearch, SortOrdersTheWholeResultBeforePaging) {
  EmulatorClient client = authed_client();
  common::Json body = {{"sort", {{{"field_name", "Amount"}, {"desc", true}}}}};
  Reply first = client.post(search_path("?page_size=3"), body);
  ASSERT_EQ(first.body["code"], 0) << first.body.dump();
  EXPECT_EQ(first.body["data"]["items"][0]["record_id"], order_id(kOrderCount - 1));
  EXPECT_EQ(first.body["data"]["items"][2]["record_id"], order_id(kOrderCount - 3));
  Reply second = client.post(
      search_path("?page_size=3&page_token=" + first.body["data"]["page_token"].get<std::string>()),
      body);
  EXPECT_EQ(second.body["data"]["items"][0]["record_id"], order_id(kOrderCount - 4));
}

TEST(EmulatorSearch, BadFilterAndUnknownFilterField) {
  EmulatorClient client = authed_client();
  common::Json bad = {{"filter", {{"conjunction", "xor"}, {"conditions", common::Json::array()}}}};
  EXPECT_EQ(client.post(search_path(), bad).body["code"], 1254018);
  common::Json unknown = {
      {"filter",
       {{"conjunction", "and"},
        {"conditions", {{{"field_name", "Nope"}, {"operator", "is"}, {"value", {"x"}}}}}}}};
  EXPECT_EQ(client.post(search_path(), unknown).body["code"], 1254045);
}

}  // namespace
}  // namespace larkbase::testing
