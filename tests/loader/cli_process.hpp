#pragma once
// Runs `larkbase loader …` as a child process, the way an operator or cron
// does: either to completion (exit code and combined output) or in the
// background (pid and a pipe on its stdout for handshake lines).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "shell_command.hpp"

namespace larkbase::loader::testing {

inline std::string larkbase_bin() {
  const char* bin = std::getenv("LARKBASE_BIN");
  return bin ? bin : "larkbase";
}

struct CliResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr (logs, error messages)
  std::string all() const { return out + err; }
};

// `args` is appended to `larkbase loader` and interpreted by /bin/sh.
inline CliResult run_loader(const std::string& args, const std::string& env = "") {
  std::string err_path = (std::filesystem::temp_directory_path() /
                          ("lb-loader-cli-stderr-" + std::to_string(::getpid())))
                             .string();
  std::string command = env + " " + larkbase_bin() + " loader " + args + " 2>" + err_path;
  CliResult result;
  auto shell = larkbase::testing::run_shell(command);
  result.exit_code = shell.exit_code;
  result.out = std::move(shell.out);
  std::ifstream in(err_path);
  result.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return result;
}

// A `larkbase loader …` child in the background, stdout on a pipe.
class LoaderChild {
 public:
  explicit LoaderChild(const std::vector<std::string>& args) {
    int fds[2];
    if (::pipe(fds) != 0) std::abort();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      ::close(fds[1]);
      std::vector<std::string> all = {larkbase_bin(), "loader"};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out_ = ::fdopen(fds[0], "r");
  }
  ~LoaderChild() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
    if (out_) std::fclose(out_);
  }
  LoaderChild(const LoaderChild&) = delete;
  LoaderChild& operator=(const LoaderChild&) = delete;

  pid_t pid() const { return pid_; }
  // The next stdout line (blocking); empty at end of output.
  std::string read_line() {
    char buffer[4096];
    if (!std::fgets(buffer, sizeof buffer, out_)) return "";
    return buffer;
  }
  std::string read_rest() {
    std::string all;
    for (std::string line = read_line(); !line.empty(); line = read_line()) all += line;
    return all;
  }
  void signal(int sig) { ::kill(pid_, sig); }
  // The raw wait status.
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return status;
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  bool reaped_ = false;
};

}  // namespace larkbase::loader::testing
