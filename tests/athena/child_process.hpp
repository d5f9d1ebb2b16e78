#pragma once
// Runs the larkbase binary as a child with extra environment variables (and no
// arguments unless given), for tests of behaviour that depends on how the
// process is started. The child is killed if the test ends before it exits.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "die_with_parent.hpp"
#include "emulator_process.hpp"

namespace larkbase::testing {

class ChildProcess {
 public:
  ChildProcess(const std::map<std::string, std::string>& env,
               const std::vector<std::string>& args = {}, bool discard_stdout = false) {
    // Everything is built before fork(): the test has threads, so the child may
    // only call async-signal-safe functions before exec.
    const std::string binary = larkbase_binary();
    std::map<std::string, std::string> merged;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string text = *entry;
      const size_t equals = text.find('=');
      if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
    }
    for (const auto& [name, value] : env) merged[name] = value;
    for (const auto& [name, value] : merged) env_text_.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& text : env_text_) envp.push_back(text.data());
    envp.push_back(nullptr);
    std::vector<std::string> arg_text{binary};
    arg_text.insert(arg_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& text : arg_text) argv.push_back(text.data());
    argv.push_back(nullptr);
    const int null_fd = discard_stdout ? ::open("/dev/null", O_WRONLY) : -1;
    pid_ = fork_dying_with_parent();
    if (pid_ == 0) {
      if (null_fd >= 0) ::dup2(null_fd, STDOUT_FILENO);
      ::execve(binary.c_str(), argv.data(), envp.data());
      ::_exit(127);
    }
    if (null_fd >= 0) ::close(null_fd);
  }
  ~ChildProcess() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Blocks until the child exits; its exit code (128 + signal when killed).
  // `usage`, when given, receives the child's resource usage (its peak RSS in
  // ru_maxrss, KiB), measured for this child alone.
  int wait(struct rusage* usage = nullptr) {
    int status = 0;
    ::wait4(pid_, &status, 0, usage);
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  std::vector<std::string> env_text_;
  pid_t pid_ = -1;
  bool exited_ = false;
};

}  // namespace larkbase::testing
