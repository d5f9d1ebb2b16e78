#include "cli/sql_shell.hpp"

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
volatile std::sig_atomic_t g_interrupted = 0;

void on_interrupt(int) {
  g_interrupted = 1;
  if (SqlRunner* runner = g_running.load()) runner->interrupt();
}

// SIGINT without SA_RESTART, so a read() waiting for input returns EINTR.
class InterruptHandler {
 public:
  InterruptHandler() {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    sigaction(SIGINT, &action, &previous_);
  }
  ~InterruptHandler() { sigaction(SIGINT, &previous_, nullptr); }

 private:
  struct sigaction previous_ {};
};

// Lines from stdin, read with read(2) so Ctrl-C interrupts the wait.
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
      char chunk[4096];
      ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) {
        if (!g_interrupted) continue;
        g_interrupted = 0;
        buffer_.clear();
        return Status::kInterrupted;
      }
      if (n <= 0) {
        ended_ = true;
      } else {
        buffer_.append(chunk, size_t(n));
      }
    }
  }

 private:
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
  g_interrupted = 0;
  g_running.store(&runner);
  try {
    runner.run(statement);
  } catch (const common::Error& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
  }
  g_running.store(nullptr);
  g_interrupted = 0;
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
