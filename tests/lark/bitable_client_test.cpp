// Bitable and Drive calls against an in-test server: where the paging keys
// travel, that every page is fetched, and that paging never stops silently.
#include "lark/bitable_client.hpp"

#include <gtest/gtest.h>

#include "common/error.hpp"
#include "fake_lark_server.hpp"
#include "fake_time.hpp"
#include "lark/drive_client.hpp"

namespace larkbase::lark {
namespace {

using common::Json;
using testing::FakeLarkServer;
using testing::Reply;
using testing::SeenRequest;

Reply data_reply(const Json& data) {
  return Reply{200, Json{{"code", 0}, {"msg", "success"}, {"data", data}}.dump()};
}

class BitableClientTest : public ::testing::Test {
 protected:
  BitableClientTest() : client_(make_config(), deps()) {}

  LarkConfig make_config() {
    LarkConfig config;
    config.api_url = server_.url();
    config.app_id = testing::kTestAppId;
    config.app_secret = testing::kTestSecret;
    config.search_rate_limit = 0;
    config.default_rate_limit = 0;
    return config;
  }
  LarkClientDeps deps() {
    LarkClientDeps deps;
    deps.limiter = &limiter_;
    deps.retry_env = time_.retry_env();
    return deps;
  }

  FakeLarkServer server_;
  testing::FakeTime time_;
  common::RateLimiter limiter_;
  LarkClient client_;
};

// A search endpoint over `count` records served `page` per page with numeric tokens.
FakeLarkServer::Handler paged_search(int count) {
  return [count](const SeenRequest& request) {
    int size = std::stoi(request.param("page_size"));
    int start = request.param("page_token").empty() ? 0 : std::stoi(request.param("page_token"));
    Json items = Json::array();
    for (int i = start; i < std::min(count, start + size); ++i) {
      items.push_back({{"record_id", "rec" + std::to_string(i)}, {"fields", {{"n", i}}}});
    }
    Json data{{"items", items}, {"total", count}, {"has_more", start + size < count}};
    if (start + size < count) data["page_token"] = std::to_string(start + size);
    return data_reply(data);
  };
}

TEST_F(BitableClientTest, SearchSendsPagingInTheQueryAndTheRestInTheBody) {
  server_.set_handler(paged_search(5));
  BitableClient bitable(client_);
  SearchRequest request;
  request.app_token = "app1";
  request.table_id = "tbl1";
  request.query.filter =
      Json{{"conjunction", "and"},
           {"conditions", {{{"field_name", "n"}, {"operator", "isGreater"}, {"value", {"1"}}}}}};
  request.query.sort = Json{{{"field_name", "n"}, {"desc", true}}};
  request.query.field_names = std::vector<std::string>{"n"};
  request.automatic_fields = true;
  request.query.page_size = 2;
  auto search = bitable.search(request);
  std::vector<std::string> ids;
  while (auto page = search.next()) {
    EXPECT_EQ(page->total, 5);
    for (auto& item : search_page_items(*page)) ids.push_back(item["record_id"]);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"rec0", "rec1", "rec2", "rec3", "rec4"}));
  EXPECT_EQ(search.pages(), 3);

  auto requests = server_.api_requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].path, "/open-apis/bitable/v1/apps/app1/tables/tbl1/records/search");
  EXPECT_EQ(requests[0].param("page_size"), "2");
  EXPECT_EQ(requests[0].params.count("page_token"), 0u);
  EXPECT_EQ(requests[1].param("page_token"), "2");
  EXPECT_EQ(requests[2].param("page_token"), "4");
  Json body = common::parse_json(requests[1].body, "request body");
  EXPECT_EQ(body["filter"], request.query.filter);
  EXPECT_EQ(body["sort"], request.query.sort);
  EXPECT_EQ(body["field_names"], Json::array({"n"}));
  EXPECT_EQ(body["automatic_fields"], true);
  EXPECT_FALSE(body.contains("page_size"));
  EXPECT_FALSE(body.contains("page_token"));
  EXPECT_EQ(client_.stats().snapshot().pages, 3u);
}

TEST_F(BitableClientTest, EmptySearchBodyIsAnEmptyObject) {
  server_.set_handler(paged_search(0));
  BitableClient bitable(client_);
  SearchRequest request;
  request.app_token = "app1";
  request.table_id = "tbl1";
  auto search = bitable.search(request);
  auto page = search.next();
  ASSERT_TRUE(page);
  EXPECT_FALSE(page->has_more);
  EXPECT_FALSE(search.next());
  EXPECT_EQ(server_.api_requests()[0].body, "{}");
  EXPECT_EQ(server_.api_requests()[0].param("page_size"), "500");
}

TEST_F(BitableClientTest, HasMoreWithoutATokenIsAnErrorNamingTheTable) {
  server_.set_handler([](const SeenRequest&) {
    return data_reply(Json{{"items", Json::array()}, {"has_more", true}, {"total", 10}});
  });
  BitableClient bitable(client_);
  SearchRequest request;
  request.app_token = "appX";
  request.table_id = "tblMissingToken";
  auto search = bitable.search(request);
  try {
    search.next();
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    EXPECT_NE(std::string(error.what()).find("tblMissingToken"), std::string::npos);
  }
}

TEST_F(BitableClientTest, ARepeatedPageTokenIsAnError) {
  server_.set_handler([](const SeenRequest&) {
    return data_reply(Json{{"items", Json::array()}, {"has_more", true}, {"page_token", "same"}});
  });
  BitableClient bitable(client_);
  SearchRequest request;
  request.app_token = "app1";
  request.table_id = "tbl1";
  auto search = bitable.search(request);
  EXPECT_TRUE(search.next());
  EXPECT_THROW(search.next(), common::ExternalError);
}

TEST_F(BitableClientTest, PageSizeOutOfRangeIsAUserError) {
  BitableClient bitable(client_);
  SearchRequest request;
  request.app_token = "app1";
  request.table_id = "tbl1";
  request.query.page_size = 501;
  EXPECT_THROW(bitable.search(request).next(), common::UserError);
}

TEST_F(BitableClientTest, ListTablesFollowsEveryPage) {
  server_.set_handler([](const SeenRequest& request) {
    EXPECT_EQ(request.path, "/open-apis/bitable/v1/apps/app1/tables");
    if (request.param("page_token").empty()) {
      return data_reply(Json{{"items", {{{"table_id", "tblA"}, {"name", "A"}, {"revision", 3}}}},
                             {"has_more", true},
                             {"page_token", "p2"}});
    }
    // The last page still carries a token (as Lark's own sample does).
    return data_reply(Json{{"items", {{{"table_id", "tblB"}, {"name", "B"}, {"revision", 1}}}},
                           {"has_more", false},
                           {"page_token", "tblB"}});
  });
  BitableClient bitable(client_);
  auto tables = bitable.list_tables("app1");
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].table_id, "tblA");
  EXPECT_EQ(tables[0].revision, 3);
  EXPECT_EQ(tables[1].name, "B");
  EXPECT_EQ(server_.api_requests().size(), 2u);
}

TEST_F(BitableClientTest, ListFieldsKeepsRawJsonAndIsCached) {
  Json status{{"field_id", "fld2"},
              {"field_name", "Status"},
              {"type", 3},
              {"ui_type", "SingleSelect"},
              {"is_primary", false},
              {"property", {{"options", {{{"id", "opt1"}, {"name", "Open"}, {"color", 0}}}}}}};
  server_.set_handler([&](const SeenRequest&) {
    Json title{{"field_id", "fld1"}, {"field_name", "Title"}, {"type", 1},
               {"ui_type", "Text"},  {"is_primary", true},    {"property", nullptr}};
    return data_reply(Json{{"items", {title, status}}, {"has_more", false}, {"total", 2}});
  });
  BitableClient bitable(client_);
  auto fields = bitable.list_fields("app1", "tbl1");
  ASSERT_EQ(fields->size(), 2u);
  EXPECT_EQ(fields->at(0).field_name, "Title");
  EXPECT_TRUE(fields->at(0).is_primary);
  EXPECT_EQ(fields->at(1).type, 3);
  EXPECT_EQ(fields->at(1).raw, status);
  bitable.list_fields("app1", "tbl1");
  EXPECT_EQ(server_.api_requests().size(), 1u);  // second call served from the cache
}

TEST_F(BitableClientTest, BatchGetSplitsIntoCallsOfAtMostOneHundred) {
  server_.set_handler([](const SeenRequest& request) {
    EXPECT_EQ(request.path, "/open-apis/bitable/v1/apps/app1/tables/tbl1/records/batch_get");
    Json body = common::parse_json(request.body, "batch_get body");
    Json records = Json::array();
    for (auto& id : body["record_ids"]) records.push_back({{"record_id", id}, {"fields", {}}});
    return data_reply(Json{{"records", records}, {"absent_record_ids", Json::array()}});
  });
  BitableClient bitable(client_);
  std::vector<std::string> ids;
  for (int i = 0; i < 250; ++i) ids.push_back("rec" + std::to_string(i));
  auto result = bitable.batch_get("app1", "tbl1", ids);
  ASSERT_EQ(result.records.size(), 250u);
  EXPECT_EQ(result.records[249]["record_id"], "rec249");
  auto requests = server_.api_requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(common::parse_json(requests[0].body, "b")["record_ids"].size(), 100u);
  EXPECT_EQ(common::parse_json(requests[2].body, "b")["record_ids"].size(), 50u);
}

TEST_F(BitableClientTest, BatchCreateChunksAndSendsAnIdempotencyToken) {
  server_.set_handler([](const SeenRequest& request) {
    Json body = common::parse_json(request.body, "batch_create body");
    Json records = Json::array();
    int i = 0;
    for (auto& record : body["records"]) {
      records.push_back({{"record_id", "new" + std::to_string(i++)}, {"fields", record["fields"]}});
    }
    return data_reply(Json{{"records", records}});
  });
  BitableClient bitable(client_);
  std::vector<Json> rows(700, Json{{"Title", "x"}});
  auto ids = bitable.batch_create("app1", "tbl1", rows);
  EXPECT_EQ(ids.size(), 700u);
  auto requests = server_.api_requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(common::parse_json(requests[0].body, "b")["records"].size(), 500u);
  EXPECT_EQ(requests[0].param("client_token").size(), 36u);
  EXPECT_NE(requests[0].param("client_token"), requests[1].param("client_token"));
}

TEST_F(BitableClientTest, DriveFollowsNextPageToken) {
  server_.set_handler([](const SeenRequest& request) {
    EXPECT_EQ(request.path, "/open-apis/drive/v1/files");
    EXPECT_EQ(request.param("folder_token"), "fldcn1");
    EXPECT_EQ(request.param("page_size"), "200");
    Json file{{"token", "bas" + request.param("page_token")},
              {"name", "Board"},
              {"type", "bitable"},
              {"created_time", "1700000000"}};
    if (request.param("page_token").empty()) {
      return data_reply(Json{{"files", {file}}, {"has_more", true}, {"next_page_token", "2"}});
    }
    return data_reply(Json{{"files", {file}}, {"has_more", false}});
  });
  auto files = list_folder(client_, "fldcn1");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].token, "bas");
  EXPECT_EQ(files[1].token, "bas2");
  EXPECT_EQ(files[1].type, "bitable");
  EXPECT_EQ(files[1].created_time, "1700000000");
}

}  // namespace
}  // namespace larkbase::lark
