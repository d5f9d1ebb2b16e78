#include "pushdown/like_pattern.hpp"

namespace larkbase::pushdown {
namespace {

char fold(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

// Length of the UTF-8 code point starting at text[i] (1 for stray bytes).
size_t code_point_length(std::string_view text, size_t i) {
  auto b = static_cast<unsigned char>(text[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (i + n > text.size()) return 1;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

}  // namespace

LikePattern::LikePattern(std::string_view pattern, bool ascii_case_insensitive)
    : pattern_(pattern), fold_(ascii_case_insensitive) {
  std::string run;
  for (char c : pattern_) {
    if (c == '%' || c == '_') {
      has_wildcard_ = true;
      if (!run.empty()) runs_.push_back(std::move(run));
      run.clear();
    } else {
      run += c;
    }
  }
  if (!run.empty()) runs_.push_back(std::move(run));
}

// Iterative matcher with one backtrack point (the last %): linear for patterns
// without %, O(n·m) in the worst case, no recursion.
bool LikePattern::matches(std::string_view text) const {
  std::string_view p = pattern_;
  size_t ti = 0, pi = 0;
  size_t star_p = std::string_view::npos, star_t = 0;
  while (ti < text.size()) {
    if (pi < p.size() && p[pi] == '%') {
      star_p = ++pi;
      star_t = ti;
      continue;
    }
    if (pi < p.size() && p[pi] == '_') {
      ti += code_point_length(text, ti);
      ++pi;
      continue;
    }
    if (pi < p.size() && (fold_ ? fold(p[pi]) == fold(text[ti]) : p[pi] == text[ti])) {
      ++ti;
      ++pi;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    pi = star_p;
    star_t += code_point_length(text, star_t);
    ti = star_t;
  }
  while (pi < p.size() && p[pi] == '%') ++pi;
  return pi == p.size();
}

}  // namespace larkbase::pushdown
