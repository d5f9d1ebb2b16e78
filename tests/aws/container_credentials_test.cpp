// The last link of the credentials chain: the container credentials endpoint
// (ECS, Lambda SnapStart, EKS Pod Identity), served here by a real HTTP server
// in the test. The token travels in the Authorization header; a refusal names
// the endpoint and the variables to check, never the token or a key.
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <thread>

#include "aws/aws_config.hpp"
#include "common/error.hpp"

namespace larkbase::aws {
namespace {

constexpr const char* kToken = "container-token-never-printed";

class CredentialsEndpoint {
 public:
  CredentialsEndpoint() {
    server_.Get("/v2/credentials", [](const httplib::Request& request, httplib::Response& reply) {
      if (request.get_header_value("Authorization") != kToken) {
        reply.status = 403;
        return;
      }
      reply.set_content(R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"container-secret",)"
                        R"("Token":"session-token","Expiration":"2099-01-01T00:00:00Z"})",
                        "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();  // listening once it runs
  }
  ~CredentialsEndpoint() {
    server_.stop();
    thread_.join();
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/v2/credentials";
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

EnvLookup env_of(std::map<std::string, std::string> values) {
  values.emplace("AWS_REGION", "us-east-1");
  values.emplace("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
  values.emplace("AWS_CONFIG_FILE", "/nonexistent/config");
  values.emplace("HOME", "/nonexistent");
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ContainerCredentials, AreFetchedWithTheAuthorizationToken) {
  CredentialsEndpoint endpoint;
  AwsConfig config =
      resolve_aws_config(env_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.url()},
                                 {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kToken}}));
  EXPECT_EQ(config.credentials.access_key_id, "ASIACONTAINER");
  EXPECT_EQ(config.credentials.secret_access_key, "container-secret");
  EXPECT_EQ(config.credentials.session_token, "session-token");
  EXPECT_NE(config.credentials.source.find("container credentials endpoint"), std::string::npos);
}

TEST(ContainerCredentials, EnvironmentKeysComeFirst) {
  CredentialsEndpoint endpoint;
  AwsConfig config =
      resolve_aws_config(env_of({{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                 {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                                 {"AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.url()},
                                 {"AWS_CONTAINER_AUTHORIZATION_TOKEN", kToken}}));
  EXPECT_EQ(config.credentials.access_key_id, "AKIDENV");
}

TEST(ContainerCredentials, ARefusalNamesTheEndpointButNotTheToken) {
  CredentialsEndpoint endpoint;
  try {
    resolve_aws_config(env_of({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.url()},
                               {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong-token-value"}}));
    FAIL() << "a refused token gave credentials";
  } catch (const common::Error& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("403"), std::string::npos) << message;
    EXPECT_NE(message.find("AWS_CONTAINER_CREDENTIALS_FULL_URI"), std::string::npos) << message;
    EXPECT_EQ(message.find("wrong-token-value"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace larkbase::aws
