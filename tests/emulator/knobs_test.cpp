// Command-line knobs: rate limit, fault rate, latency, error status.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "server_fixture.hpp"

namespace larkbase::testing {
namespace {

std::string header(const Reply& reply, const std::string& name) {
  for (const auto& [key, value] : reply.headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  }
  return {};
}

TEST(EmulatorKnobs, RateLimitAnswers429WithLarkHeaders) {
  auto emulator = start_emulator({"--rate-limit", "3"});
  EmulatorClient client = authed_client(*emulator);
  std::string path = "/open-apis/bitable/v1/apps/" + std::string(kBase) + "/tables";
  int ok = 0;
  Reply limited;
  for (int i = 0; i < 10; ++i) {
    Reply reply = client.get(path);
    if (reply.status == 200) {
      ++ok;
    } else {
      limited = reply;
    }
  }
  // The ten calls take far less than the one-second window, so at most 3 + 3
  // pass even if a window boundary falls between them.
  EXPECT_GE(ok, 3);
  EXPECT_LE(ok, 6);
  ASSERT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body["code"], 99991400);
  EXPECT_EQ(header(limited, "x-ogw-ratelimit-limit"), "3");
  EXPECT_GE(std::stoi(header(limited, "x-ogw-ratelimit-reset")), 1);
}

TEST(EmulatorKnobs, FaultRateOneFailsEveryBitableCallWithTransientCodes) {
  auto emulator = start_emulator({"--fault-rate", "1"});
  EmulatorClient client = authed_client(*emulator);
  const std::set<int> transient = {1254290, 1254291, 1254607, 1255001, 1255040};
  std::set<int> seen;
  for (int i = 0; i < 10; ++i) {
    Reply reply =
        client.post(table_path(kBase, kOrders, "/records/search"), common::Json::object());
    int code = reply.body["code"];
    EXPECT_TRUE(transient.contains(code)) << code;
    seen.insert(code);
    if (code == 1255040) {
      EXPECT_EQ(reply.status, 504);
    }
    if (code == 1254607) {
      EXPECT_EQ(reply.status, 400);
    }
  }
  EXPECT_EQ(seen, transient);  // the codes rotate
  // The token endpoint is not a business call and keeps working.
  EXPECT_EQ(client.fetch_token().body["code"], 0);
}

TEST(EmulatorKnobs, FaultRateZeroNeverFails) {
  EmulatorClient client = authed_client();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(client.post(table_path(kBase, kOrders, "/records/search"), common::Json::object())
                  .body["code"],
              0);
  }
}

TEST(EmulatorKnobs, LatencyDelaysBusinessResponses) {
  auto emulator = start_emulator({"--latency-ms", "300"});
  EmulatorClient client = authed_client(*emulator);
  auto start = std::chrono::steady_clock::now();
  Reply reply = client.get("/open-apis/bitable/v1/apps/" + std::string(kBase) + "/tables");
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(reply.body["code"], 0);
  EXPECT_GE(elapsed, std::chrono::milliseconds(300));
}

TEST(EmulatorKnobs, ErrorStatus4xxGivesNotFoundA404) {
  auto emulator = start_emulator({"--error-status", "4xx"});
  EmulatorClient client = authed_client(*emulator);
  Reply reply = client.get(table_path(kBase, "tblNope", "/fields"));
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.body["code"], 1254041);
  Reply shared = authed_client().get(table_path(kBase, "tblNope", "/fields"));
  EXPECT_EQ(shared.status, 200);  // default: the Feishu page's 200
}

}  // namespace
}  // namespace larkbase::testing
