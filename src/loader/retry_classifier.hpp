#pragma once
// Decides whether a failed load should be retried (spec §4, §8.6). The rule
// classifier is the default and always available; an LLM advisor may be
// configured on top, and its answer is recorded with the same fields.
#include <string>

namespace larkbase::loader {

struct RetryDecision {
  std::string decision;  // RETRY | REVIEW
  double confidence = 0;
  std::string reason;
  std::string advisor = "rules";  // or "llm:<model>" (llm_advisor.hpp)
};

RetryDecision classify_failure(const std::string& message);

}  // namespace larkbase::loader
