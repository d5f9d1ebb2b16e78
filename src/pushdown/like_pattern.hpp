#pragma once
// SQL LIKE without ESCAPE: `%` matches any run of characters, `_` exactly one
// character (a UTF-8 code point, as in SQLite and Trino), everything else itself.
#include <string>
#include <string_view>
#include <vector>

namespace larkbase::pushdown {

class LikePattern {
 public:
  explicit LikePattern(std::string_view pattern, bool ascii_case_insensitive = false);

  bool matches(std::string_view text) const;

  // The maximal runs of literal characters between wildcards, in order. Any text
  // the pattern matches contains each of them (a superset test for `contains`).
  const std::vector<std::string>& literal_runs() const { return runs_; }
  // The pattern has no wildcard at all (LIKE 'abc' is = 'abc').
  bool is_literal() const { return !has_wildcard_; }

 private:
  std::string pattern_;
  bool fold_;
  bool has_wildcard_ = false;
  std::vector<std::string> runs_;
};

}  // namespace larkbase::pushdown
