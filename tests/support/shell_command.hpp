#pragma once
// Runs a command line through /bin/sh, the way a user or a script runs larkbase
// (or python3), and returns its exit code and standard output. Callers add
// "2>&1" or "2>FILE" to the command when they want standard error too.
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace larkbase::testing {

struct ShellResult {
  int exit_code = -1;  // -1: the command could not start or did not exit normally
  std::string out;
};

inline ShellResult run_shell(const std::string& command) {
  ShellResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace larkbase::testing
