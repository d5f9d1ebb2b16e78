#pragma once
// The interactive `larkbase sql` shell on a terminal: statements end with `;` and
// may span lines; dot commands (.tables, .help, .quit). A failed statement reports
// its error and the shell goes on. Ctrl-C while typing drops the statement being
// typed; Ctrl-C while a statement runs stops it. Ctrl-D (end of input) with an
// unfinished statement runs what was typed before leaving, as sqlite3 does.
#include <string>

namespace larkbase::cli {

// What the shell drives.
class SqlRunner {
 public:
  virtual ~SqlRunner() = default;
  virtual void run(const std::string& sql) = 0;
  virtual void print_tables() = 0;
  // Called from the SIGINT handler while a statement runs (async-signal-safe).
  virtual void interrupt() = 0;
};

void run_shell(SqlRunner& runner);

}  // namespace larkbase::cli
