// `larkbase sql "SELECT ..."`: run SQL over Lark Base tables (schema.table) with
// the connector's pushdown, through SQLite virtual tables. The statement comes
// from the argument; without one, from stdin when it is a pipe or a file, or
// from an interactive shell when stdin is a terminal. Results go to stdout; the
// --explain report, --stats and the progress line go to stderr so stdout stays
// machine-readable.
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "cli/command_registry.hpp"
#include "cli/connector_flags.hpp"
#include "cli/progress_line.hpp"
#include "cli/result_format.hpp"
#include "common/error.hpp"
#include "sqlite/sql_session.hpp"

namespace larkbase::cli {
namespace {

struct SqlFlags {
  ConnectorFlags connector;
  std::string query;
  std::string format = "table";
  bool explain = false;
  bool stats = false;
};

void print_explain(const sqlite::SqlSession& session, const std::string& format) {
  const auto& records = session.scans().records();
  if (format == "json" || format == "ndjson") {
    common::Json scans = common::Json::array();
    for (const auto& record : records) scans.push_back(record.to_json());
    std::fprintf(stderr, "%s\n", common::Json{{"scans", scans}}.dump(2).c_str());
    return;
  }
  if (records.empty()) std::fputs("explain: no Lark table was scanned\n", stderr);
  for (const auto& record : records) {
    for (const auto& line : record.explain_lines()) std::fprintf(stderr, "%s\n", line.c_str());
  }
}

// One statement (or several; the last one's rows are printed) and its reports.
class Runner {
 public:
  explicit Runner(const SqlFlags& flags)
      : flags_(flags), connector_(make_connector(flags.connector)), session_(*connector_) {
    session_.on_batch([this](const std::string& table, const connector::ReadStats& stats) {
      progress_.update(table, stats);
    });
  }

  void run(const std::string& sql) {
    session_.clear_scans();
    progress_.start();
    sqlite::SqlResult result;
    try {
      result = session_.run(sql);
    } catch (...) {
      progress_.clear();
      throw;
    }
    progress_.clear();
    print_result(result, flags_.format);
    std::fflush(stdout);
    if (flags_.explain) print_explain(session_, flags_.format);
    if (flags_.stats) {
      std::fprintf(stderr, "lark calls: %s\n", connector_->stats().snapshot().to_string().c_str());
    }
  }

  void print_tables() {
    for (const auto& schema : connector_->list_schemas()) {
      for (const auto& table : connector_->list_tables(schema)) {
        std::printf("%s.%s\n", schema.c_str(), table.c_str());
      }
    }
  }

 private:
  const SqlFlags& flags_;
  std::unique_ptr<connector::Connector> connector_;
  sqlite::SqlSession session_;
  ProgressLine progress_;
};

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// A dot command of the shell; false when the shell should end.
bool dot_command(Runner& runner, const std::string& line) {
  if (line == ".quit" || line == ".exit") return false;
  if (line == ".tables") {
    runner.print_tables();
  } else {
    std::fputs(
        ".tables  list schema.table names\n"
        ".quit    leave (also Ctrl-D)\n"
        "Statements end with ';' and may span lines.\n",
        stderr);
  }
  return true;
}

// The interactive shell: statements end with `;`; a failed statement reports its
// error and the shell goes on (the connector's caches stay warm between them).
void shell(Runner& runner) {
  std::fputs("larkbase sql shell: end statements with ';', .help for commands\n", stderr);
  std::string pending;
  std::string line;
  while (true) {
    std::fputs(pending.empty() ? "larkbase> " : "     ...> ", stderr);
    if (!std::getline(std::cin, line)) break;
    if (pending.empty() && !line.empty() && line.front() == '.') {
      if (!dot_command(runner, line)) return;
      continue;
    }
    pending += line + "\n";
    if (!sqlite3_complete(pending.c_str())) continue;
    std::string statement;
    statement.swap(pending);
    try {
      if (!blank(statement)) runner.run(statement);
    } catch (const common::Error& error) {
      std::fprintf(stderr, "error: %s\n", error.what());
    }
  }
  std::fputs("\n", stderr);
}

void run(const SqlFlags& flags) {
  Runner runner(flags);
  if (!flags.query.empty()) return runner.run(flags.query);
  if (isatty(fileno(stdin)) == 1) return shell(runner);
  std::string text(std::istreambuf_iterator<char>(std::cin), {});
  if (blank(text)) throw common::UserError("no query: pass it as an argument or on stdin");
  runner.run(text);
}

const CommandRegistration kSql{
    "sql", [](CLI::App& app) {
      auto flags = std::make_shared<SqlFlags>();
      auto* command = app.add_subcommand(
          "sql", "Run SQL over Lark Base tables (schema.table); a shell when no query is given");
      command->add_option("query", flags->query,
                          "the SQL; read from stdin when absent, or a shell on a terminal");
      command->add_option("--format,--output", flags->format, "result format")
          ->check(CLI::IsMember({"table", "csv", "json", "ndjson", "markdown", "arrow"}))
          ->capture_default_str();
      command->add_flag("--explain", flags->explain,
                        "print each scan's pushdown and reads to stderr");
      command->add_flag("--no-pushdown", flags->connector.no_pushdown,
                        "send no filter, sort or projection to Lark (every row is read)");
      command->add_flag("--stats", flags->stats, "print Lark API call counts to stderr");
      add_connector_flags(command, flags->connector);
      command->callback([flags] { run(*flags); });
    }};

}  // namespace
}  // namespace larkbase::cli
