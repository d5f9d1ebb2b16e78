#include "aws/credentials_chain.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "common/error.hpp"
#include "common/http_client.hpp"
#include "common/json.hpp"

namespace larkbase::aws {
namespace {

std::optional<std::string> non_empty(const EnvLookup& env, const std::string& name) {
  auto value = env(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

std::string trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

std::optional<AwsCredentials> credentials_from_env(const EnvLookup& env) {
  auto key = non_empty(env, "AWS_ACCESS_KEY_ID");
  auto secret = non_empty(env, "AWS_SECRET_ACCESS_KEY");
  if (!key || !secret) return std::nullopt;
  AwsCredentials credentials{*key, *secret, env("AWS_SESSION_TOKEN").value_or(""), "environment"};
  return credentials;
}

std::optional<AwsCredentials> parse_credentials_file(const std::string& text,
                                                     const std::string& profile) {
  std::istringstream lines(text);
  std::string line;
  bool in_profile = false;
  bool found = false;
  AwsCredentials credentials;
  while (std::getline(lines, line)) {
    std::string stripped = trim(line);
    if (stripped.empty() || stripped[0] == '#' || stripped[0] == ';') continue;
    if (stripped.front() == '[' && stripped.back() == ']') {
      std::string name = trim(std::string_view(stripped).substr(1, stripped.size() - 2));
      if (name.starts_with("profile ")) name = trim(std::string_view(name).substr(8));
      in_profile = name == profile;
      found = found || in_profile;
      continue;
    }
    if (!in_profile) continue;
    auto equals = stripped.find('=');
    if (equals == std::string::npos) continue;
    std::string key = trim(std::string_view(stripped).substr(0, equals));
    std::string value = trim(std::string_view(stripped).substr(equals + 1));
    if (key == "aws_access_key_id") credentials.access_key_id = value;
    if (key == "aws_secret_access_key") credentials.secret_access_key = value;
    if (key == "aws_session_token") credentials.session_token = value;
  }
  if (!found || credentials.empty()) return std::nullopt;
  return credentials;
}

std::optional<AwsCredentials> credentials_from_shared_file(const EnvLookup& env) {
  std::string path;
  if (auto file = non_empty(env, "AWS_SHARED_CREDENTIALS_FILE")) {
    path = *file;
  } else if (auto home = non_empty(env, "HOME")) {
    path = *home + "/.aws/credentials";
  } else {
    return std::nullopt;
  }
  auto named_profile = non_empty(env, "AWS_PROFILE");
  std::string profile = named_profile.value_or("default");
  auto text = read_file(path);
  std::optional<AwsCredentials> credentials;
  if (text) credentials = parse_credentials_file(*text, profile);
  if (!credentials) {
    // A profile asked for by name must exist: silently falling through to
    // other credentials would act as somebody else.
    if (named_profile) {
      throw common::UserError(fmt::format(
          "AWS_PROFILE '{}' has no aws_access_key_id/aws_secret_access_key in {}: add the "
          "profile or unset AWS_PROFILE",
          profile, path));
    }
    return std::nullopt;
  }
  credentials->source = fmt::format("shared credentials file {} (profile {})", path, profile);
  return credentials;
}

std::optional<AwsCredentials> credentials_from_container(const EnvLookup& env) {
  std::string url;
  if (auto full = non_empty(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    url = *full;
  } else if (auto relative = non_empty(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = "http://169.254.170.2" + *relative;
  } else {
    return std::nullopt;
  }
  common::HttpRequest request;
  request.url = url;
  std::optional<std::string> token = non_empty(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN");
  if (!token) {
    if (auto file = non_empty(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
      if (auto content = read_file(*file)) token = trim(*content);
    }
  }
  if (token) request.headers.emplace_back("Authorization", *token);
  common::HttpClient http(common::HttpClientOptions{std::chrono::milliseconds(1000),
                                                    std::chrono::milliseconds(5000), 1});
  common::HttpResponse response = http.send(request);
  std::string host = common::url_host(url);
  if (response.status != 200) {
    throw common::ExternalError(
        fmt::format("the container credentials endpoint {} answered HTTP {}; check "
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI/_RELATIVE_URI and the authorization token",
                    host, response.status));
  }
  common::Json body = common::parse_json(response.body, "container credentials response");
  AwsCredentials credentials{
      body.value("AccessKeyId", std::string()), body.value("SecretAccessKey", std::string()),
      body.value("Token", std::string()), fmt::format("container credentials endpoint {}", host)};
  if (credentials.empty()) {
    throw common::ExternalError(fmt::format(
        "the container credentials endpoint {} answered without AccessKeyId/SecretAccessKey",
        host));
  }
  return credentials;
}

AwsCredentials resolve_credentials(const EnvLookup& env) {
  if (auto credentials = credentials_from_env(env)) return *credentials;
  if (auto credentials = credentials_from_shared_file(env)) return *credentials;
  if (auto credentials = credentials_from_container(env)) return *credentials;
  return {};
}

}  // namespace larkbase::aws
