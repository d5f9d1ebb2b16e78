#include "common/log.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>

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

}  // namespace larkbase::common
