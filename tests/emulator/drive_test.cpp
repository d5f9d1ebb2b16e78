// GET /open-apis/drive/v1/files.
#include <gtest/gtest.h>

#include <set>

#include "server_fixture.hpp"

namespace larkbase::testing {
namespace {

const std::string kFiles = "/open-apis/drive/v1/files";

TEST(EmulatorDrive, PagesAFolderWithNextPageToken) {
  EmulatorClient client = authed_client();
  std::vector<std::string> tokens;
  std::string next;
  int pages = 0;
  while (true) {
    std::string path = kFiles + "?folder_token=" + kFolder + "&page_size=3";
    if (!next.empty()) path += "&page_token=" + next;
    Reply reply = client.get(path);
    ASSERT_EQ(reply.body["code"], 0) << reply.body.dump();
    const auto& data = reply.body["data"];
    EXPECT_FALSE(data.contains("page_token"));
    for (const auto& file : data["files"]) {
      tokens.push_back(file["token"]);
      EXPECT_TRUE(file["created_time"].is_string());
      EXPECT_EQ(file["parent_token"], kFolder);
    }
    ++pages;
    if (!data["has_more"].get<bool>()) {
      EXPECT_FALSE(data.contains("next_page_token"));
      break;
    }
    next = data["next_page_token"];
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(tokens.size(), size_t(kFolderFiles));
  EXPECT_EQ(std::set<std::string>(tokens.begin(), tokens.end()).size(), tokens.size());
  // Default order: most recently edited first.
  EXPECT_EQ(tokens.front(), "doccnFile006");
}

TEST(EmulatorDrive, OrderByCreatedTimeAscending) {
  EmulatorClient client = authed_client();
  Reply reply =
      client.get(kFiles + "?folder_token=" + kFolder + "&order_by=CreatedTime&direction=ASC");
  EXPECT_EQ(reply.body["data"]["files"][0]["token"], "doccnFile000");
  EXPECT_EQ(reply.body["data"]["files"][0]["type"], "bitable");
}

TEST(EmulatorDrive, PageSizeOver200Is400With1064001) {
  EmulatorClient client = authed_client();
  Reply reply = client.get(kFiles + "?folder_token=" + kFolder + "&page_size=201");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body["code"], 1064001);
}

TEST(EmulatorDrive, UnknownFolderIs404With1061003) {
  EmulatorClient client = authed_client();
  Reply reply = client.get(kFiles + "?folder_token=fldcnNope");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.body["code"], 1061003);
}

}  // namespace
}  // namespace larkbase::testing
