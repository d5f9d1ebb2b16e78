#include "loader/llm_advisor.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "common/env.hpp"
#include "common/error.hpp"
#include "common/http_client.hpp"
#include "common/json.hpp"
#include "loader/connections.hpp"

namespace larkbase::loader {
namespace {

constexpr std::size_t kMaxReason = 500;

const char* kInstructions =
    "You decide whether a failed data load should be retried automatically. Answer RETRY when "
    "the failure is transient (network, timeout, lock, throttling, a service briefly down) and "
    "REVIEW when a person must fix something (credentials, permissions, a missing table or "
    "column, a schema change, a constraint violation, bad configuration). Reply with only a JSON "
    "object: {\"decision\": \"RETRY\" or \"REVIEW\", \"confidence\": a number from 0 to 1, "
    "\"reason\": one short sentence}.";

std::string chat_url(const std::string& base) {
  std::string url = base;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + "/chat/completions";
}

std::string request_body(const FailureContext& f, const std::string& model) {
  std::string facts = fmt::format("Table: {}\nStrategy: {}\nSource type: {}\nError message: {}",
                                  f.table, f.strategy, f.source_type, f.message);
  common::Json body = {
      {"model", model},
      {"temperature", 0},
      {"messages",
       {{{"role", "system"}, {"content", kInstructions}}, {{"role", "user"}, {"content", facts}}}}};
  return body.dump();
}

// Models often wrap JSON in a ``` fence: take the outermost {...}.
std::string json_object_text(const std::string& content) {
  auto open = content.find('{');
  auto close = content.rfind('}');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    throw std::runtime_error("the answer holds no JSON object");
  }
  return content.substr(open, close - open + 1);
}

RetryDecision parse_answer(const std::string& body, const std::string& model) {
  common::Json reply = common::Json::parse(body);
  const auto& content = reply.at("choices").at(0).at("message").at("content");
  if (!content.is_string()) throw std::runtime_error("choices[0].message.content is not text");
  common::Json answer = common::Json::parse(json_object_text(content.get<std::string>()));
  RetryDecision d;
  d.decision = answer.at("decision").get<std::string>();
  std::transform(d.decision.begin(), d.decision.end(), d.decision.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (d.decision != "RETRY" && d.decision != "REVIEW") {
    throw std::runtime_error("decision '" + d.decision.substr(0, 20) + "' is not RETRY or REVIEW");
  }
  d.confidence = answer.at("confidence").get<double>();
  if (!(d.confidence >= 0 && d.confidence <= 1)) {
    throw std::runtime_error("confidence is not between 0 and 1");
  }
  d.reason = answer.at("reason").get<std::string>();
  if (d.reason.empty()) throw std::runtime_error("the reason is empty");
  if (d.reason.size() > kMaxReason) d.reason = d.reason.substr(0, kMaxReason);
  d.advisor = "llm:" + model;
  return d;
}

RetryDecision ask(const FailureContext& f, const LlmAdvisorConfig& llm) {
  common::HttpClientOptions options;
  options.timeout = llm.timeout;
  common::HttpClient client(options);
  common::HttpRequest request;
  request.method = "POST";
  request.url = chat_url(llm.base_url);
  request.headers = {{"Content-Type", "application/json"}};
  if (!llm.api_key.empty()) request.headers.emplace_back("Authorization", "Bearer " + llm.api_key);
  request.body = request_body(f, llm.model);
  common::HttpResponse response = client.send(request);
  if (response.status != 200) {
    throw std::runtime_error(
        fmt::format("HTTP {} from {}", response.status, common::url_host(request.url)));
  }
  try {
    return parse_answer(response.body, llm.model);
  } catch (const common::Json::exception&) {
    // The JSON library's messages quote what it read: say only what was expected.
    throw std::runtime_error(
        "an unusable answer (not JSON with choices[0].message.content holding an object with "
        "decision, confidence and reason)");
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("an unusable answer ({})", e.what()));
  }
}

}  // namespace

std::optional<LlmAdvisorConfig> llm_advisor_from_env() {
  auto url = common::env_string("LARKBASE_LLM_URL");
  auto model = common::env_string("LARKBASE_LLM_MODEL");
  bool has_url = url && !url->empty();
  bool has_model = model && !model->empty();
  if (!has_url && !has_model) return std::nullopt;
  if (!has_url || !has_model) {
    throw common::UserError(
        "the LLM retry advisor needs both LARKBASE_LLM_URL (the OpenAI-compatible base URL) and "
        "LARKBASE_LLM_MODEL: set both, or neither to use the rule classifier");
  }
  LlmAdvisorConfig config{*url, *model, "", {}};
  config.api_key = common::env_or("LARKBASE_LLM_API_KEY", "");
  if (auto ref = common::env_string("LARKBASE_LLM_API_KEY_REF"); ref && !ref->empty()) {
    config.api_key = resolve_secret("LARKBASE_LLM_API_KEY_REF", *ref);
  }
  config.timeout = std::chrono::milliseconds(common::env_int("LARKBASE_LLM_TIMEOUT_MS", 30000));
  return config;
}

RetryDecision advise_retry(const FailureContext& failure,
                           const std::optional<LlmAdvisorConfig>& llm) {
  if (!llm) return classify_failure(failure.message);
  try {
    return ask(failure, *llm);
  } catch (const std::exception& e) {
    // HttpClient errors name the host and the curl error, never headers.
    std::string why = e.what();
    spdlog::warn("loader: LLM retry advisor failed for {}: {}; using the rule classifier",
                 failure.table, why);
    RetryDecision d = classify_failure(failure.message);
    d.reason += " (LLM advisor unavailable: " + why + ")";
    return d;
  }
}

}  // namespace larkbase::loader
