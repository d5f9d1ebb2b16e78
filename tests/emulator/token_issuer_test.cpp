#include "emulator/token_issuer.hpp"

#include <gtest/gtest.h>

#include "emulator/api_error.hpp"

namespace larkbase::emulator {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  TokenIssuer::Clock clock() {
    return [this] { return now; };
  }
};

TEST(TokenIssuer, SameTokenWhileThirtyMinutesRemain) {
  FakeClock time;
  TokenIssuer issuer("cli_a", "s", 7200s, time.clock());
  auto first = issuer.issue("cli_a", "s");
  EXPECT_TRUE(first.token.starts_with("t-"));
  EXPECT_EQ(first.expire_seconds, 7200);
  time.now += 5400s;  // exactly 30 minutes left
  auto second = issuer.issue("cli_a", "s");
  EXPECT_EQ(second.token, first.token);
  EXPECT_EQ(second.expire_seconds, 1800);
}

TEST(TokenIssuer, NewTokenUnderThirtyMinutesAndOldStaysValid) {
  FakeClock time;
  TokenIssuer issuer("cli_a", "s", 7200s, time.clock());
  auto first = issuer.issue("cli_a", "s");
  time.now += 5401s;
  auto second = issuer.issue("cli_a", "s");
  EXPECT_NE(second.token, first.token);
  EXPECT_EQ(second.expire_seconds, 7200);
  EXPECT_EQ(issuer.app_of(first.token), "cli_a");
  time.now += 1800s;  // first expired, second alive
  EXPECT_FALSE(issuer.app_of(first.token));
  EXPECT_EQ(issuer.app_of(second.token), "cli_a");
}

TEST(TokenIssuer, WrongCredentialsAreRefused) {
  TokenIssuer issuer("cli_a", "s", 7200s);
  try {
    issuer.issue("cli_a", "wrong");
    FAIL() << "expected ApiError";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.http_status(), 200);
    EXPECT_EQ(error.code(), codes::kAppSecretInvalid);
  }
  EXPECT_THROW(issuer.issue("cli_b", "s"), ApiError);
  EXPECT_FALSE(issuer.app_of("t-unknown"));
}

}  // namespace
}  // namespace larkbase::emulator
