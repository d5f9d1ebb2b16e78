#pragma once
// Logging goes through spdlog's default logger, on stderr, so that stdout stays
// clean for query output and for the emulator's first-line handshake.
#include <spdlog/spdlog.h>

#include <initializer_list>
#include <string>
#include <string_view>

namespace larkbase::common {

// Sets the level from a name ("trace", "debug", "info", "warn", "error", "off").
// Unknown names throw UserError naming the accepted values.
void set_log_level(std::string_view level);

// Replaces a secret with a short fixed marker so that logs and errors can say
// that a value was present without revealing it.
std::string redact(std::string_view secret);

// Removes secrets from a text that may quote what a server was sent (an error
// message echoing a request): every occurrence of each non-empty value in
// `secrets`, and whatever follows "Signature=" (a SigV4 signature, also
// X-Amz-Signature=) or "Bearer " (a token in an Authorization header). The
// one scrubber of the Lark and AWS transports.
std::string scrub_secrets(std::string text, std::initializer_list<std::string_view> secrets);

}  // namespace larkbase::common
