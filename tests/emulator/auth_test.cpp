// Token endpoint, token checks on business calls, the handshake line.
#include <gtest/gtest.h>

#include <thread>

#include "server_fixture.hpp"

namespace larkbase::testing {
namespace {

TEST(EmulatorAuth, IssuesTenantTokenAndReusesItWhileLongLived) {
  EmulatorClient client(shared_emulator());
  Reply first = client.fetch_token();
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body["code"], 0);
  EXPECT_FALSE(first.body.contains("data"));  // flat response
  std::string token = first.body["tenant_access_token"];
  EXPECT_TRUE(token.starts_with("t-"));
  EXPECT_GT(first.body["expire"].get<int>(), 7000);
  EXPECT_LE(first.body["expire"].get<int>(), 7200);
  Reply second = client.fetch_token();
  EXPECT_EQ(second.body["tenant_access_token"], token);
  EXPECT_LE(second.body["expire"].get<int>(), first.body["expire"].get<int>());
}

TEST(EmulatorAuth, WrongSecretIsHttp200WithNonZeroCode) {
  httplib::Client http(shared_emulator().url());
  common::Json body = {{"app_id", shared_emulator().app_id()}, {"app_secret", "nope"}};
  auto result =
      http.Post("/open-apis/auth/v3/tenant_access_token/internal", body.dump(), "application/json");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  auto reply = common::parse_json(result->body, "reply");
  EXPECT_EQ(reply["code"], 10014);
  EXPECT_FALSE(reply.contains("tenant_access_token"));
}

TEST(EmulatorAuth, ShortLivedTokensAreReplacedAndOldOnesStayValid) {
  // With a lifetime under 30 minutes every request gets a new token.
  auto emulator = start_emulator({"--token-ttl", "1500"});
  EmulatorClient client(*emulator);
  std::string first = client.fetch_token().body["tenant_access_token"];
  std::string second = client.fetch_token().body["tenant_access_token"];
  EXPECT_NE(first, second);
  client.set_token(first);
  EXPECT_EQ(client.get("/open-apis/bitable/v1/apps/" + std::string(kBase) + "/tables").body["code"],
            0);
}

TEST(EmulatorAuth, MissingTokenIs99991661) {
  EmulatorClient client(shared_emulator());
  Reply reply = client.get("/open-apis/bitable/v1/apps/" + std::string(kBase) + "/tables");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.body["code"], 99991661);
  EXPECT_TRUE(reply.body["error"].contains("log_id"));
}

TEST(EmulatorAuth, UnknownTokenIs99991663) {
  EmulatorClient client(shared_emulator());
  client.set_token("t-not-a-token-this-emulator-issued");
  Reply reply = client.get("/open-apis/bitable/v1/apps/" + std::string(kBase) + "/tables");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.body["code"], 99991663);
}

TEST(EmulatorAuth, ExpiredTokenIs99991663) {
  auto emulator = start_emulator({"--token-ttl", "1"});
  EmulatorClient client(*emulator);
  client.authenticate();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  Reply reply = client.get("/open-apis/bitable/v1/apps/" + std::string(kBase) + "/tables");
  EXPECT_EQ(reply.body["code"], 99991663);
}

TEST(EmulatorHandshake, DescribesUrlCredentialsBasesControlTableAndFolder) {
  const common::Json& handshake = shared_emulator().handshake();
  EXPECT_TRUE(handshake["url"].get<std::string>().starts_with("http://127.0.0.1:"));
  EXPECT_EQ(handshake["app_id"], "cli_testapp");
  EXPECT_EQ(handshake["app_secret"], "test-secret");
  ASSERT_EQ(handshake["bases"].size(), 2u);
  EXPECT_EQ(handshake["bases"][0]["app_token"], kBase);
  EXPECT_EQ(handshake["bases"][0]["tables"][0]["table_id"], kOrders);
  EXPECT_EQ(handshake["bases"][0]["tables"][0]["name"], "orders");
  EXPECT_EQ(handshake["bases"][1]["tables"].size(), size_t(kWideTableCount));
  EXPECT_EQ(handshake["control_table"]["table_id"], kOrders);
  EXPECT_EQ(handshake["drive_folder"], kFolder);
}

TEST(EmulatorHandshake, FlagsOverrideDatasetCredentials) {
  auto emulator = start_emulator({"--app-id", "cli_other", "--app-secret", "s3"});
  EXPECT_EQ(emulator->app_id(), "cli_other");
  EmulatorClient client(*emulator);
  EXPECT_EQ(client.fetch_token().body["code"], 0);
}

TEST(EmulatorRouting, UnknownPathIs404With99991201) {
  EmulatorClient client = authed_client();
  Reply reply = client.get("/open-apis/nothing/here");
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.body["code"], 99991201);
  bool has_logid = false;
  for (const auto& [key, value] : reply.headers)
    has_logid |= (key == "X-Tt-Logid" || key == "x-tt-logid");
  EXPECT_TRUE(has_logid);
}

}  // namespace
}  // namespace larkbase::testing
