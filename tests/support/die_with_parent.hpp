#pragma once
// For a child a test forks (an emulator, a node server, the CLI): called in the
// child between fork() and exec, it makes the kernel kill the child when the
// test process dies. Without it a test that crashes leaves its emulator running
// with the test's stderr open, and ctest waits on that pipe until CI's timeout.
//
// The signal is tied to the thread that forked, so fork on a thread that
// lives as long as the child (a test's main thread). Only async-signal-safe
// calls: the test may have other threads.
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace larkbase::testing {

inline void die_with_parent(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(127);  // the parent died before the prctl
}

}  // namespace larkbase::testing
