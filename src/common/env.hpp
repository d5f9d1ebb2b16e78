#pragma once
// Reading configuration from the environment. Flags override the environment;
// the environment overrides built-in defaults.
#include <optional>
#include <string>
#include <string_view>

namespace larkbase::common {

std::optional<std::string> env_string(const char* name);
std::string env_or(const char* name, std::string_view fallback);
// "true"/"1"/"yes"/"on" (any case) are true; "false"/"0"/"no"/"off"/"" false;
// anything else throws UserError naming the variable.
bool env_bool(const char* name, bool fallback);
// Throws UserError naming the variable when the value is not an integer.
long long env_int(const char* name, long long fallback);

}  // namespace larkbase::common
