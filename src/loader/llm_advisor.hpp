#pragma once
// The optional LLM retry advisor (spec §4): asks an OpenAI-compatible chat
// completions endpoint whether a failed load should be retried. Used only
// when LARKBASE_LLM_URL and LARKBASE_LLM_MODEL are set; any failure — the
// endpoint unreachable, an HTTP error, a reply that is not the asked-for
// JSON — falls back to the rule classifier, with the cause in the reason.
// The API key (LARKBASE_LLM_API_KEY, or LARKBASE_LLM_API_KEY_REF as an
// env:/file:/aws-sm: reference) is sent as a bearer token and never logged.
#include <chrono>
#include <optional>
#include <string>

#include "loader/retry_classifier.hpp"

namespace larkbase::loader {

struct LlmAdvisorConfig {
  std::string base_url;  // e.g. https://api.openai.com/v1; {base}/chat/completions
  std::string model;
  std::string api_key;  // empty: no Authorization header
  std::chrono::milliseconds timeout{30000};
};

// From the environment; nullopt when no advisor is configured. Throws
// UserError when it is half configured (a URL without a model, or the
// reverse) or its key reference cannot be resolved.
std::optional<LlmAdvisorConfig> llm_advisor_from_env();

// What the failed load was, as the advisor sees it (no secrets: messages are
// secret-free by construction).
struct FailureContext {
  std::string table;
  std::string strategy;
  std::string source_type;
  std::string message;
};

// The LLM's decision (advisor "llm:<model>"), or the rule classifier's
// (advisor "rules") when `llm` is empty or the LLM gave no usable answer.
RetryDecision advise_retry(const FailureContext& failure,
                           const std::optional<LlmAdvisorConfig>& llm);

}  // namespace larkbase::loader
