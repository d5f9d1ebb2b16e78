#include "common/log.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <cctype>

#include "common/error.hpp"

namespace larkbase::common {

void set_log_level(std::string_view level) {
  static const bool stderr_logger_installed = [] {
    spdlog::set_default_logger(spdlog::stderr_color_mt("larkbase"));
    return true;
  }();
  (void)stderr_logger_installed;
  auto parsed = spdlog::level::from_str(std::string(level));
  if (parsed == spdlog::level::off && level != "off") {
    throw UserError(
        fmt::format("unknown log level '{}': use trace, debug, info, warn, error or off", level));
  }
  spdlog::set_level(parsed);
}

std::string redact(std::string_view secret) { return secret.empty() ? "<empty>" : "<redacted>"; }

namespace {

void replace_all(std::string& text, std::string_view needle) {
  if (needle.empty()) return;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at)) {
    text.replace(at, needle.size(), "<redacted>");
  }
}

// Replaces the run of characters after each `marker` that `in_value` accepts.
template <typename Pred>
void redact_after(std::string& text, std::string_view marker, Pred in_value) {
  for (size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at)) {
    size_t start = at + marker.size();
    size_t end = start;
    while (end < text.size() && in_value(static_cast<unsigned char>(text[end]))) ++end;
    if (end > start) text.replace(start, end - start, "<redacted>");
    at = start;
  }
}

}  // namespace

std::string scrub_secrets(std::string text, std::initializer_list<std::string_view> secrets) {
  for (auto secret : secrets) replace_all(text, secret);
  redact_after(text, "Signature=", [](unsigned char c) { return std::isxdigit(c) != 0; });
  redact_after(text, "Bearer ", [](unsigned char c) {
    return std::isgraph(c) != 0 && c != '"' && c != '\'' && c != ',' && c != '<';
  });
  return text;
}

}  // namespace larkbase::common
