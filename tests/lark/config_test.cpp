#include "lark/lark_config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "common/error.hpp"

namespace larkbase::lark {
namespace {

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = getenv(name)) old_ = old;
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(LarkConfigTest, ReadsTheEnvironment) {
  ScopedEnv url("LARK_API_URL", "https://open.feishu.cn/");
  ScopedEnv id("LARK_APP_ID", "cli_abc");
  ScopedEnv secret("LARK_APP_SECRET", "s3cr3t-value");
  ScopedEnv page("LARK_PAGE_SIZE", "200");
  auto config = LarkConfig::from_env();
  EXPECT_EQ(config.api_url, "https://open.feishu.cn");
  EXPECT_EQ(config.app_id, "cli_abc");
  EXPECT_EQ(config.app_secret, "s3cr3t-value");
  EXPECT_EQ(config.search_page_size, 200);
  EXPECT_NO_THROW(config.validate());
}

TEST(LarkConfigTest, DefaultsToTheLarkHost) {
  unsetenv("LARK_API_URL");
  EXPECT_EQ(LarkConfig::from_env().api_url, "https://open.larksuite.com");
  EXPECT_EQ(normalize_api_url("feishu"), "https://open.feishu.cn");
}

TEST(LarkConfigTest, ToStringRedactsTheSecret) {
  LarkConfig config;
  config.app_id = "cli_abc";
  config.app_secret = "very-secret-value";
  std::string text = config.to_string();
  EXPECT_EQ(text.find("very-secret-value"), std::string::npos);
  EXPECT_NE(text.find("cli_abc"), std::string::npos);
  EXPECT_NE(text.find("<redacted>"), std::string::npos);
}

TEST(LarkConfigTest, MissingCredentialsNameTheVariables) {
  LarkConfig config;
  config.app_id = "cli_abc";
  try {
    config.validate();
    FAIL() << "expected a UserError";
  } catch (const common::UserError& error) {
    EXPECT_NE(std::string(error.what()).find("LARK_APP_SECRET"), std::string::npos);
  }
}

TEST(LarkConfigTest, RejectsBadPageSizeAndUrl) {
  LarkConfig config;
  config.app_id = "a";
  config.app_secret = "b";
  config.search_page_size = 501;
  EXPECT_THROW(config.validate(), common::UserError);
  config.search_page_size = 500;
  config.api_url = "open.feishu.cn";
  EXPECT_THROW(config.validate(), common::UserError);
}

TEST(LarkConfigTest, AUrlWithAPathIsReportedAsAWrongUrlNotAsBadCredentials) {
  LarkConfig config;
  config.app_id = "a";
  config.app_secret = "secret-value";
  config.api_url = normalize_api_url("https://open.larksuite.com/open-apis/");
  try {
    config.validate();
    FAIL() << "expected a UserError";
  } catch (const common::UserError& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("'/open-apis'"), std::string::npos) << message;
    EXPECT_NE(message.find("only the scheme and host"), std::string::npos) << message;
    EXPECT_EQ(message.find("credential"), std::string::npos) << message;
    EXPECT_EQ(message.find("secret-value"), std::string::npos) << message;
  }
  config.api_url = "http://127.0.0.1:8080";  // host and port only: fine
  EXPECT_NO_THROW(config.validate());
}

}  // namespace
}  // namespace larkbase::lark
