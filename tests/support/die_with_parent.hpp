#pragma once
// fork() for a child a test starts (an emulator, a node server, the CLI): the
// kernel kills the child when the test process dies. Without it a test that
// crashes leaves its emulator running with the test's stderr open, and ctest
// waits on that pipe until CI's timeout.
//
// The signal is tied to the thread that forked, so call it on a thread that
// lives as long as the child (a test's main thread). The child side makes only
// async-signal-safe calls: the test may have other threads.
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace larkbase::testing {

// As fork(): the child's pid in the parent, 0 in the child, -1 on failure.
inline pid_t fork_dying_with_parent() {
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before the prctl
  }
  return pid;
}

}  // namespace larkbase::testing
