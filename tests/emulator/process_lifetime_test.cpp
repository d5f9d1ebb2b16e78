// A test that dies leaves no emulator behind: the kernel kills the children a
// test forked (fork_dying_with_parent, tests/support/die_with_parent.hpp), so
// ctest is never left waiting on an orphan that holds the test's stderr open.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "emulator_process.hpp"

namespace larkbase::testing {
namespace {

// Whether `pid` is a running process (a zombie waiting for its reaper is not).
bool running(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto state = text.rfind(')');  // "pid (comm) S ..."
  return state == std::string::npos || state + 2 >= text.size() || text[state + 2] != 'Z';
}

TEST(EmulatorProcessLifetime, AnEmulatorDiesWithTheTestThatStartedIt) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t test = ::fork();
  ASSERT_GE(test, 0);
  if (test == 0) {  // the "test": starts an emulator, then crashes (no destructor runs)
    ::close(fds[0]);
    EmulatorProcess emulator({"--demo", "--rows", "10"});
    const pid_t pid = emulator.pid();
    if (::write(fds[1], &pid, sizeof pid) != ssize_t(sizeof pid)) ::_exit(2);
    ::raise(SIGKILL);
  }
  ::close(fds[1]);
  pid_t emulator = 0;
  ASSERT_EQ(::read(fds[0], &emulator, sizeof emulator), ssize_t(sizeof emulator));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(test, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  // The kernel sends SIGKILL as the test exits; give it a moment to land.
  bool gone = false;
  for (int i = 0; i < 1000 && !gone; ++i) {
    gone = !running(emulator);
    if (!gone) ::usleep(5000);
  }
  EXPECT_TRUE(gone) << "emulator " << emulator << " outlived its test";
  if (!gone) ::kill(emulator, SIGKILL);
}

}  // namespace
}  // namespace larkbase::testing
