#include "common/env.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "common/error.hpp"

namespace larkbase::common {

std::optional<std::string> env_string(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::string env_or(const char* name, std::string_view fallback) {
  auto value = env_string(name);
  return value && !value->empty() ? *value : std::string(fallback);
}

bool env_bool(const char* name, bool fallback) {
  auto value = env_string(name);
  if (!value) return fallback;
  std::string lower = *value;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "0" || lower == "no" || lower == "off" || lower.empty()) {
    return false;
  }
  throw UserError(fmt::format("environment variable {}='{}' is not a boolean: use true or false",
                              name, *value));
}

long long env_int(const char* name, long long fallback) {
  auto value = env_string(name);
  if (!value || value->empty()) return fallback;
  long long parsed = 0;
  auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), parsed);
  if (error != std::errc() || end != value->data() + value->size()) {
    throw UserError(fmt::format("environment variable {}='{}' is not an integer", name, *value));
  }
  return parsed;
}

}  // namespace larkbase::common
