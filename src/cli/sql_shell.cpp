#include "cli/sql_shell.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <optional>

#include "common/error.hpp"

namespace larkbase::cli {
namespace {

std::atomic<SqlRunner*> g_running{nullptr};  // set while a statement runs
// Self-pipe: the handler writes a byte and the reader polls for it with stdin.
// A flag checked before read() would lose a Ctrl-C that lands between the check
// and the call (the reader then blocks until the next line is typed).
int g_wake[2] = {-1, -1};

void on_interrupt(int) {
  const int saved = errno;
  if (SqlRunner* runner = g_running.load()) runner->interrupt();
  const char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(g_wake[1], &byte, 1);  // full pipe: already woken
  errno = saved;
}

// Forgets Ctrl-Cs already taken (a statement that was running has handled them).
void drain_wake_pipe() {
  char bytes[64];
  while (::read(g_wake[0], bytes, sizeof bytes) > 0) {
  }
}

// SIGINT goes to the self-pipe while the shell runs; the previous action comes back after.
class InterruptHandler {
 public:
  InterruptHandler() {
    if (::pipe2(g_wake, O_NONBLOCK | O_CLOEXEC) != 0) {
      throw common::InternalError("cannot create the shell's interrupt pipe");
    }
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &previous_);
  }
  ~InterruptHandler() {
    sigaction(SIGINT, &previous_, nullptr);
    ::close(g_wake[0]);
    ::close(g_wake[1]);
    g_wake[0] = g_wake[1] = -1;
  }

 private:
  struct sigaction previous_ {};
};

// Lines from stdin; a Ctrl-C while waiting for input ends the wait.
class LineReader {
 public:
  enum class Status { kLine, kInterrupted, kEnd };

  Status next(std::string& line) {
    while (true) {
      auto newline = buffer_.find('\n');
      if (newline != std::string::npos) {
        line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return Status::kLine;
      }
      if (ended_) {
        if (buffer_.empty()) return Status::kEnd;
        line.swap(buffer_);  // a last line without a newline
        buffer_.clear();
        return Status::kLine;
      }
      if (wait_for_input() == Status::kInterrupted) {
        drain_wake_pipe();
        buffer_.clear();
        return Status::kInterrupted;
      }
      read_chunk();
    }
  }

 private:
  // kInterrupted when Ctrl-C came first, kLine when stdin has data or ended.
  static Status wait_for_input() {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {g_wake[0], POLLIN, 0}};
    while (::poll(fds, 2, -1) < 0) {
      if (errno != EINTR) return Status::kLine;  // let read() report the end
    }
    return (fds[1].revents & POLLIN) ? Status::kInterrupted : Status::kLine;
  }

  void read_chunk() {
    char chunk[4096];
    ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) return;
    if (n <= 0) {
      ended_ = true;
    } else {
      buffer_.append(chunk, size_t(n));
    }
  }

  std::string buffer_;
  bool ended_ = false;
};

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// A dot command of the shell; false when the shell should end.
bool dot_command(SqlRunner& runner, const std::string& line) {
  if (line == ".quit" || line == ".exit") return false;
  if (line == ".tables") {
    runner.print_tables();
  } else {
    std::fputs(
        ".tables  list schema.table names\n"
        ".quit    leave (also Ctrl-D)\n"
        "Statements end with ';' and may span lines. Ctrl-C drops the statement being typed,\n"
        "or stops the one running.\n",
        stderr);
  }
  return true;
}

void run_statement(SqlRunner& runner, const std::string& statement) {
  if (blank(statement)) return;
  drain_wake_pipe();
  g_running.store(&runner);
  try {
    runner.run(statement);
  } catch (const common::Error& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
  }
  g_running.store(nullptr);
  drain_wake_pipe();  // a Ctrl-C that stopped the statement must not drop the next one
}

}  // namespace

void run_shell(SqlRunner& runner) {
  InterruptHandler handler;
  std::fputs("larkbase sql shell: end statements with ';', .help for commands\n", stderr);
  LineReader reader;
  std::string pending;
  std::string line;
  while (true) {
    std::fputs(pending.empty() ? "larkbase> " : "     ...> ", stderr);
    std::fflush(stderr);
    auto status = reader.next(line);
    if (status == LineReader::Status::kInterrupted) {
      std::fputs(pending.empty() ? "\n" : "\n(statement discarded)\n", stderr);
      pending.clear();
      continue;
    }
    if (status == LineReader::Status::kEnd) break;
    if (pending.empty() && !line.empty() && line.front() == '.') {
      if (!dot_command(runner, line)) return;
      continue;
    }
    pending += line + "\n";
    if (!sqlite3_complete(pending.c_str())) continue;
    std::string statement;
    statement.swap(pending);
    run_statement(runner, statement);
  }
  std::fputs("\n", stderr);
  if (!blank(pending)) {
    // End of input inside a statement: run what was typed, as sqlite3 does, rather
    // than dropping it silently (an incomplete one reports its syntax error).
    std::fputs("(end of input: running the unfinished statement)\n", stderr);
    run_statement(runner, pending);
  }
}

}  // namespace larkbase::cli
