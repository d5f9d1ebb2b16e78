// The larkbase command: SQL over Lark Base, the Lark emulator, and tools.
// Errors surface here once: a message on stderr and an exit code by kind.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "cli/command_registry.hpp"
#include "common/error.hpp"
#include "common/large_allocations.hpp"
#include "common/log.hpp"

namespace larkbase::cli {

std::vector<CommandEntry>& command_registry() {
  static std::vector<CommandEntry> registry;
  return registry;
}

namespace {

int exit_code_for(common::ErrorKind kind) {
  switch (kind) {
    case common::ErrorKind::kUser:
      return 2;
    case common::ErrorKind::kExternal:
      return 3;
    case common::ErrorKind::kInternal:
      return 4;
  }
  return 1;
}

}  // namespace
}  // namespace larkbase::cli

int main(int argc, char** argv) {
  using namespace larkbase;
  common::map_large_allocations_on_their_own();
  CLI::App app{"larkbase: SQL over Lark Base (Feishu Bitable)"};
  app.require_subcommand(1);
  std::string log_level = "warn";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->envname("LARKBASE_LOG_LEVEL");
  app.parse_complete_callback([&] { common::set_log_level(log_level); });

  auto& registry = cli::command_registry();
  std::sort(registry.begin(), registry.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  for (auto& entry : registry) entry.setup(app);

  // On Lambda, `bootstrap` starts the binary with no arguments: run the runtime loop.
  char lambda_command[] = "lambda";
  char* lambda_argv[] = {argv[0], lambda_command, nullptr};
  if (argc == 1 && std::getenv("AWS_LAMBDA_RUNTIME_API") != nullptr) {
    argc = 2;
    argv = lambda_argv;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11 prints the message (or the help); a usage error is the user's input, so
    // it exits 2 like every other user error (docs/sql.md), not CLI11's own codes.
    return app.exit(error) == 0 ? 0 : 2;
  } catch (const common::Error& error) {
    std::fprintf(stderr, "larkbase: %s: %s\n", common::to_string(error.kind()), error.what());
    return cli::exit_code_for(error.kind());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "larkbase: internal error: %s\n", error.what());
    return 4;
  }
  return 0;
}
