#pragma once
// Logging goes through spdlog's default logger, on stderr, so that stdout stays
// clean for query output and for the emulator's first-line handshake.
#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

namespace larkbase::common {

// Sets the level from a name ("trace", "debug", "info", "warn", "error", "off").
// Unknown names throw UserError naming the accepted values.
void set_log_level(std::string_view level);

// Replaces a secret with a short fixed marker so that logs and errors can say
// that a value was present without revealing it.
std::string redact(std::string_view secret);

}  // namespace larkbase::common
