#pragma once
// Subcommands register themselves: each src/cli/<name>_command.cpp defines a
// static CommandRegistration, so adding a subcommand touches no shared file.
// The files are compiled straight into the larkbase executable (not a static
// library), so the linker keeps every registration.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace larkbase::cli {

// Adds a subcommand (and its callback) to the application.
using CommandSetup = std::function<void(CLI::App& app)>;

struct CommandEntry {
  std::string name;
  CommandSetup setup;
};

std::vector<CommandEntry>& command_registry();

struct CommandRegistration {
  CommandRegistration(std::string name, CommandSetup setup) {
    command_registry().push_back({std::move(name), std::move(setup)});
  }
};

}  // namespace larkbase::cli
