// `larkbase version`: prints the program version.
#include <cstdio>

#include "cli/command_registry.hpp"

namespace larkbase::cli {
namespace {

const CommandRegistration kVersion{"version", [](CLI::App& app) {
                                     auto* command = app.add_subcommand(
                                         "version", "Print the larkbase version");
                                     command->callback([] { std::puts(LARKBASE_VERSION); });
                                   }};

}  // namespace
}  // namespace larkbase::cli
