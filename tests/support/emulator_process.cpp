#include "emulator_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>

#include "die_with_parent.hpp"

namespace larkbase::testing {

std::string larkbase_binary() {
  const char* path = std::getenv("LARKBASE_BIN");
  if (path == nullptr || *path == '\0') {
    throw std::runtime_error("LARKBASE_BIN is not set: run the tests through ctest");
  }
  return path;
}

namespace {

// Reads one line from `fd`, waiting at most `timeout`.
std::string read_first_line(int fd, std::chrono::milliseconds timeout) {
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("emulator did not print its handshake in time");
    pollfd pfd{fd, POLLIN, 0};
    if (poll(&pfd, 1, int(left.count())) <= 0) continue;
    char c;
    ssize_t n = read(fd, &c, 1);
    if (n <= 0) throw std::runtime_error("emulator exited before printing its handshake: " + line);
    if (c == '\n') return line;
    line += c;
  }
}

// How long a start may take: 120 s, or LARKBASE_EMULATOR_START_SECONDS (the
// memory bench's million-row emulator can need more on a loaded machine).
std::chrono::seconds start_timeout() {
  const char* text = std::getenv("LARKBASE_EMULATOR_START_SECONDS");
  long seconds = text ? std::atol(text) : 0;
  return std::chrono::seconds(seconds > 0 ? seconds : 120);
}

}  // namespace

EmulatorProcess::EmulatorProcess(const std::vector<std::string>& args)
    : EmulatorProcess("emulator", args) {}

EmulatorProcess::EmulatorProcess(const std::string& subcommand,
                                 const std::vector<std::string>& args) {
  std::string binary = larkbase_binary();
  std::vector<std::string> argv_storage = {binary, subcommand, "--port", "0"};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe() failed");
  pid_ = fork_dying_with_parent();
  if (pid_ < 0) throw std::runtime_error("fork() failed");
  if (pid_ == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  std::string line;
  try {
    line = read_first_line(pipe_fds[0], start_timeout());
  } catch (...) {
    close(pipe_fds[0]);
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    throw;
  }
  // Keep draining stdout in the child's favour: close our end; the emulator
  // must not write to stdout after the handshake (logs go to stderr).
  close(pipe_fds[0]);
  handshake_ = common::parse_json(line, "emulator handshake");
}

EmulatorProcess::~EmulatorProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 50; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) return;
      usleep(20000);
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
}

}  // namespace larkbase::testing
