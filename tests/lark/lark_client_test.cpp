// LarkClient::call against an in-test HTTP server: retries, budgets, token
// refresh, error messages, timeouts and connection reuse, over real sockets.
#include "lark/lark_client.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "common/error.hpp"
#include "fake_lark_server.hpp"
#include "fake_time.hpp"

namespace larkbase::lark {
namespace {

using testing::FakeLarkServer;
using testing::Reply;
using testing::SeenRequest;

constexpr const char* kSearchPath = "/open-apis/bitable/v1/apps/app1/tables/tbl1/records/search";

class LarkClientTest : public ::testing::Test {
 protected:
  LarkConfig config() {
    LarkConfig config;
    config.api_url = server_.url();
    config.app_id = testing::kTestAppId;
    config.app_secret = testing::kTestSecret;
    config.retry.max_attempts = 4;
    config.retry.total_budget = std::chrono::seconds(60);
    config.search_rate_limit = 0;  // unlimited: these tests are about retries
    config.default_rate_limit = 0;
    return config;
  }

  LarkClient client(LarkConfig cfg) {
    LarkClientDeps deps;
    deps.limiter = &limiter_;
    deps.retry_env = time_.retry_env(0.5);  // sleeps are recorded, not slept
    return LarkClient(std::move(cfg), deps);
  }

  LarkRequest search_request() {
    LarkRequest request;
    request.method = "POST";
    request.path = kSearchPath;
    request.body = "{}";
    request.endpoint_class = kSearchEndpoint;
    return request;
  }

  FakeLarkServer server_;
  testing::FakeTime time_;
  common::RateLimiter limiter_;
};

Reply ok_reply() { return Reply{200, R"({"code":0,"msg":"success","data":{"items":[]}})"}; }

// Replies from `script` in order, then ok.
FakeLarkServer::Handler scripted(std::vector<Reply> script) {
  auto state = std::make_shared<std::pair<std::vector<Reply>, size_t>>(std::move(script), 0);
  return [state](const SeenRequest&) {
    if (state->second < state->first.size()) return state->first[state->second++];
    return ok_reply();
  };
}

TEST_F(LarkClientTest, SendsTheBearerTokenAndReturnsTheBody) {
  server_.set_handler([](const SeenRequest&) { return ok_reply(); });
  auto lark = client(config());
  auto response = lark.call(search_request());
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.envelope.code, 0);
  auto requests = server_.api_requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].authorization, "Bearer t-issued-token-1");
  EXPECT_EQ(lark.stats().snapshot().token_refreshes, 1u);
}

TEST_F(LarkClientTest, Retries429AfterTheRateLimitResetHeader) {
  Reply throttled{429,
                  R"({"code":99991400,"msg":"request trigger frequency limit"})",
                  {{"x-ogw-ratelimit-reset", "2"}, {"x-ogw-ratelimit-limit", "20"}}};
  server_.set_handler(scripted({throttled}));
  auto lark = client(config());
  auto response = lark.call(search_request());
  EXPECT_EQ(response.attempts, 2);
  EXPECT_EQ(server_.api_requests().size(), 2u);
  ASSERT_EQ(time_.sleeps().size(), 1u);
  EXPECT_EQ(time_.sleeps()[0], std::chrono::seconds(2));
  EXPECT_EQ(lark.stats().snapshot().retries, 1u);
}

TEST_F(LarkClientTest, Retries5xxEvenWithANonJsonBody) {
  server_.set_handler(
      scripted({Reply{503, "<html>upstream unavailable</html>"}, Reply{500, "{}"}}));
  auto lark = client(config());
  EXPECT_EQ(lark.call(search_request()).attempts, 3);
  // Backoff without a server hint: jittered windows of 100, 200 ms at draw 0.5.
  EXPECT_EQ(time_.sleeps(), (std::vector<common::Millis>{common::Millis(50), common::Millis(100)}));
}

TEST_F(LarkClientTest, RetriesEachRetryableLarkCode) {
  for (int64_t code : {99991400, 1254290, 1254291, 1254607, 1255001, 1255040}) {
    for (int status : {200, 400}) {
      std::string body = R"({"code":)" + std::to_string(code) + R"(,"msg":"transient"})";
      server_.set_handler(scripted({Reply{status, body}}));
      auto lark = client(config());
      auto response = lark.call(search_request());
      EXPECT_EQ(response.attempts, 2) << code << " with HTTP " << status;
    }
  }
}

TEST_F(LarkClientTest, ExhaustedBudgetNamesEndpointCodeMessageAndLogId) {
  server_.set_handler([](const SeenRequest&) {
    return Reply{200, R"({"code":1254290,"msg":"TooManyRequest"})", {{"X-Tt-Logid", "LOG123abc"}}};
  });
  auto lark = client(config());
  try {
    lark.call(search_request());
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find(std::string("POST ") + kSearchPath), std::string::npos) << message;
    EXPECT_NE(message.find("1254290"), std::string::npos) << message;
    EXPECT_NE(message.find("TooManyRequest"), std::string::npos) << message;
    EXPECT_NE(message.find("LOG123abc"), std::string::npos) << message;
    EXPECT_NE(message.find("(the attempt limit)"), std::string::npos) << message;
    EXPECT_TRUE(error.retryable());
  }
  EXPECT_EQ(server_.api_requests().size(), 4u);  // max_attempts
  EXPECT_EQ(lark.stats().snapshot().errors, 1u);
}

TEST_F(LarkClientTest, LogIdFromTheErrorObjectWhenNoHeader) {
  server_.set_handler([](const SeenRequest&) {
    return Reply{400, R"({"code":1254018,"msg":"InvalidFilter","error":{"log_id":"BODYLOG9"}})"};
  });
  auto lark = client(config());
  try {
    lark.call(search_request());
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("BODYLOG9"), std::string::npos) << message;
    EXPECT_NE(message.find("InvalidFilter"), std::string::npos) << message;
    EXPECT_NE(message.find("HTTP 400"), std::string::npos) << message;
    EXPECT_FALSE(error.retryable());
  }
  EXPECT_EQ(server_.api_requests().size(), 1u);  // not retryable: one call
}

TEST_F(LarkClientTest, TimeBudgetStopsRetriesBeforeAttemptsRunOut) {
  server_.set_handler([](const SeenRequest&) {
    return Reply{429, R"({"code":99991400,"msg":"limited"})", {{"x-ogw-ratelimit-reset", "30"}}};
  });
  auto cfg = config();
  cfg.retry.max_attempts = 10;
  cfg.retry.total_budget = std::chrono::seconds(45);
  auto lark = client(cfg);
  try {
    lark.call(search_request());
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    EXPECT_NE(std::string(error.what()).find("45000 ms retry budget"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(server_.api_requests().size(), 2u);  // 30 s wait fits once, not twice
}

TEST_F(LarkClientTest, RejectedTokenIsRefreshedAndTheCallRepeatedOnce) {
  server_.set_handler([](const SeenRequest&) { return ok_reply(); });
  auto lark = client(config());
  lark.call(search_request());
  server_.revoke_tokens();  // the cached token is now refused with 99991663
  auto response = lark.call(search_request());
  EXPECT_EQ(response.attempts, 2);
  EXPECT_EQ(server_.tokens_issued(), 2);
  auto requests = server_.api_requests();
  EXPECT_EQ(requests.back().authorization, "Bearer t-issued-token-2");
}

TEST_F(LarkClientTest, ATokenRejectedTwiceIsAnError) {
  server_.set_handler([](const SeenRequest&) {
    return Reply{401, R"({"code":99991663,"msg":"Invalid access token"})"};
  });
  auto lark = client(config());
  try {
    lark.call(search_request());
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("99991663"), std::string::npos);
    EXPECT_NE(message.find("rejected again"), std::string::npos);
  }
  EXPECT_EQ(server_.tokens_issued(), 2);
}

TEST_F(LarkClientTest, BadCredentialsAreAUserErrorWithoutTheSecret) {
  auto cfg = config();
  cfg.app_secret = "wrong-secret-XYZ";
  auto lark = client(cfg);
  try {
    lark.call(search_request());
    FAIL() << "expected an error";
  } catch (const common::UserError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("LARK_APP_ID"), std::string::npos);
    EXPECT_NE(message.find("LARK_APP_SECRET"), std::string::npos);
    EXPECT_NE(message.find("10014"), std::string::npos);
    EXPECT_EQ(message.find("wrong-secret-XYZ"), std::string::npos);
  }
}

TEST_F(LarkClientTest, TimeoutIsARetryableTransportErrorNamingTheHost) {
  server_.set_handler([](const SeenRequest&) {
    Reply slow = ok_reply();
    slow.delay_ms = 1000;
    return slow;
  });
  auto cfg = config();
  cfg.request_timeout = std::chrono::milliseconds(150);
  cfg.retry.max_attempts = 2;
  auto lark = client(cfg);
  auto started = std::chrono::steady_clock::now();
  try {
    lark.call(search_request());
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("127.0.0.1:" + std::to_string(server_.port())), std::string::npos)
        << message;
    EXPECT_NE(message.find("imed out"), std::string::npos) << message;
    EXPECT_NE(message.find("(the attempt limit)"), std::string::npos) << message;
  }
  // Two attempts of 150 ms, not two server delays of 1 s each.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1900));
  EXPECT_EQ(server_.api_requests().size(), 2u);
}

TEST_F(LarkClientTest, AStalledRequestEndsWithTheRetryBudgetNotTheRequestTimeout) {
  server_.set_handler([](const SeenRequest&) {
    Reply stalled = ok_reply();
    stalled.delay_ms = 3000;  // answers, but long after the budget
    return stalled;
  });
  auto cfg = config();
  cfg.request_timeout = std::chrono::seconds(60);
  cfg.retry.total_budget = std::chrono::milliseconds(400);
  LarkClientDeps deps;
  deps.limiter = &limiter_;
  deps.retry_env = common::RetryEnv::real();  // the budget is real time here
  LarkClient lark(std::move(cfg), deps);
  auto started = std::chrono::steady_clock::now();
  try {
    lark.call(search_request());
    FAIL() << "expected an error: the budget ends before the server answers";
  } catch (const common::ExternalError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("imed out"), std::string::npos) << message;
    EXPECT_NE(message.find("400 ms retry budget"), std::string::npos) << message;
    EXPECT_TRUE(error.retryable());
  }
  // Ended by the 400 ms budget: not by the 60 s request timeout, nor by the reply.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2500));
}

TEST_F(LarkClientTest, ConnectionsAreKeptAliveAcrossCalls) {
  server_.set_handler([](const SeenRequest&) { return ok_reply(); });
  auto lark = client(config());
  for (int i = 0; i < 20; ++i) lark.call(search_request());
  EXPECT_EQ(server_.requests().size(), 21u);     // 1 token + 20 calls
  EXPECT_EQ(server_.client_ports().size(), 1u);  // all on one TCP connection
}

TEST_F(LarkClientTest, RateLimiterWaitsAreCountedPerAppAndEndpoint) {
  server_.set_handler([](const SeenRequest&) { return ok_reply(); });
  testing::FakeTime limiter_time;
  common::RateLimiter limiter([&] { return limiter_time.now(); },
                              [&](std::chrono::microseconds wait) { limiter_time.sleep(wait); });
  auto cfg = config();
  cfg.search_rate_limit = 5;
  LarkClientDeps deps;
  deps.limiter = &limiter;
  deps.retry_env = time_.retry_env();
  LarkClient lark(cfg, deps);
  for (int i = 0; i < 6; ++i) lark.call(search_request());
  auto stats = lark.stats().snapshot();
  EXPECT_EQ(stats.throttled_waits, 5u);
  // Paced a little under the configured 5/s (a 429 at the limit costs a second).
  const double paced = limiter.limit(std::string(testing::kTestAppId) + "/search").per_second;
  EXPECT_LT(paced, 5.0);
  EXPECT_GE(paced, 5.0 * 0.95);
  EXPECT_NEAR(double(stats.throttled_wait_us), 5 * 1e6 / paced, 5.0);
}

TEST_F(LarkClientTest, NeitherSecretNorTokenReachesTheLog) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto logger = std::make_shared<spdlog::logger>("capture", sink);
  logger->set_level(spdlog::level::trace);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(logger);

  server_.set_handler(scripted({Reply{429, R"({"code":99991400,"msg":"limited"})"},
                                Reply{200, R"({"code":99991663,"msg":"bad token"})"}}));
  std::string messages;
  {
    auto lark = client(config());
    lark.call(search_request());
    auto cfg = config();
    cfg.app_secret = "another-Secret-77";
    auto bad = client(cfg);
    try {
      bad.call(search_request());
    } catch (const std::exception& error) {
      messages += error.what();
    }
    messages += cfg.to_string();
  }
  spdlog::set_default_logger(previous);

  std::string log = captured.str();
  EXPECT_NE(log.find("lark POST " + std::string(kSearchPath)), std::string::npos) << log;
  EXPECT_NE(log.find("HTTP 429"), std::string::npos) << log;
  for (const std::string& secret :
       {std::string(testing::kTestSecret), std::string("another-Secret-77"),
        std::string("t-issued-token")}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " leaked into the log";
    EXPECT_EQ(messages.find(secret), std::string::npos) << secret << " leaked into a message";
  }
}

TEST_F(LarkClientTest, ASecretEchoedByTheServerIsScrubbedFromErrors) {
  server_.set_handler([](const SeenRequest&) {
    return Reply{400, std::string(R"({"code":9499,"msg":"bad app_secret )") + testing::kTestSecret +
                          R"("})"};
  });
  auto lark = client(config());
  try {
    lark.call(search_request());
    FAIL() << "expected an error";
  } catch (const common::ExternalError& error) {
    std::string message = error.what();
    EXPECT_EQ(message.find(testing::kTestSecret), std::string::npos) << message;
    EXPECT_NE(message.find("9499"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace larkbase::lark
