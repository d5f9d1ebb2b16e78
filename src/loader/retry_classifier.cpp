#include "loader/retry_classifier.hpp"

#include <algorithm>
#include <vector>

namespace larkbase::loader {
namespace {

struct Rule {
  const char* needle;
  const char* decision;
  double confidence;
  const char* reason;
};

// Review rules come first: an auth error that also mentions a timeout is
// still an auth error a retry cannot fix.
const std::vector<Rule>& rules() {
  static const std::vector<Rule> kRules = {
      {"password authentication failed", "REVIEW", 0.95,
       "authentication failed: fix the credentials"},
      {"authentication", "REVIEW", 0.9, "authentication failed: fix the credentials"},
      {"permission denied", "REVIEW", 0.95, "missing privilege on the source or target"},
      {"not authorized", "REVIEW", 0.9, "missing privilege on the source or target"},
      {"access denied", "REVIEW", 0.9, "missing privilege on the source or target"},
      {"does not exist", "REVIEW", 0.9, "a table or column is missing: the schema changed"},
      {"no such table", "REVIEW", 0.9, "a table is missing: the schema changed"},
      {"no such column", "REVIEW", 0.9, "a column is missing: the schema changed"},
      {"is not a column", "REVIEW", 0.9, "a configured column is missing: the schema changed"},
      {"cannot affect row a second time", "REVIEW", 0.95,
       "duplicate primary keys in the window: extend the key or use append_only"},
      {"duplicate key", "REVIEW", 0.9, "constraint violation: duplicate keys"},
      {"unique constraint", "REVIEW", 0.9, "constraint violation: duplicate keys"},
      {"violates", "REVIEW", 0.85, "constraint violation"},
      {"constraint failed", "REVIEW", 0.85, "constraint violation"},
      {"invalid input syntax", "REVIEW", 0.85, "a value does not fit its column type"},
      {"datatype mismatch", "REVIEW", 0.85, "a value does not fit its column type"},
      {"needs", "REVIEW", 0.8, "the configuration is incomplete"},
      {"timeout", "RETRY", 0.85, "a timeout is usually transient"},
      {"timed out", "RETRY", 0.85, "a timeout is usually transient"},
      {"connection refused", "RETRY", 0.8, "the server was unreachable; often transient"},
      {"could not connect", "RETRY", 0.8, "the server was unreachable; often transient"},
      {"cannot connect", "RETRY", 0.8, "the server was unreachable; often transient"},
      {"connection reset", "RETRY", 0.85, "the connection broke; often transient"},
      {"server closed the connection", "RETRY", 0.85, "the connection broke; often transient"},
      {"deadlock", "RETRY", 0.9, "a deadlock resolves on retry"},
      {"database is locked", "RETRY", 0.9, "a lock resolves on retry"},
      {"lock", "RETRY", 0.75, "a lock conflict usually resolves on retry"},
      {"serialization", "RETRY", 0.85, "a serialization conflict resolves on retry"},
      {"throttl", "RETRY", 0.85, "the service throttled the request"},
      {"too many", "RETRY", 0.8, "the service throttled the request"},
      {"rate limit", "RETRY", 0.85, "the service throttled the request"},
      {"temporarily unavailable", "RETRY", 0.85, "the service was temporarily unavailable"},
      {"orphaned", "RETRY", 0.7, "the worker died; the load itself may be fine"},
      {"queued for", "RETRY", 0.7, "no worker picked the load up in time"},
      {"cancelled", "RETRY", 0.6, "the load was cancelled; a retry may finish in time"},
  };
  return kRules;
}

}  // namespace

RetryDecision classify_failure(const std::string& message) {
  std::string text = message;
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const Rule& r : rules()) {
    if (text.find(r.needle) != std::string::npos) {
      return {r.decision, r.confidence, std::string("rule '") + r.needle + "': " + r.reason};
    }
  }
  return {"REVIEW", 0.5, "no rule matched: a person should look at it"};
}

}  // namespace larkbase::loader
