// `larkbase sql "SELECT ..."`: run SQL over Lark Base tables (schema.table) with
// the connector's pushdown, through SQLite virtual tables. The statement comes
// from the argument; without one, from stdin when it is a pipe or a file, or
// from an interactive shell when stdin is a terminal. Results stream to stdout as
// rows arrive (the table format excepted, see result_format.hpp); the --explain
// report, --stats, catalog warnings and the progress line go to stderr so stdout
// stays machine-readable.
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <set>
#include <string>

#include "cli/command_registry.hpp"
#include "cli/connector_flags.hpp"
#include "cli/progress_line.hpp"
#include "cli/result_format.hpp"
#include "cli/sql_shell.hpp"
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
    std::fprintf(stderr, "%s\n",
                 common::Json{{"scans", scans}}
                     .dump(2, ' ', false, common::Json::error_handler_t::replace)
                     .c_str());
    return;
  }
  if (records.empty()) std::fputs("explain: no Lark table was scanned\n", stderr);
  for (const auto& record : records) {
    for (const auto& line : record.explain_lines()) write_bytes(stderr, line + "\n");
  }
}

// Erases the progress line before the first row is printed, and keeps it off while
// rows stream (both may share one terminal).
class ProgressStopper final : public sqlite::RowSink {
 public:
  ProgressStopper(sqlite::RowSink& inner, ProgressLine& progress)
      : inner_(inner), progress_(progress) {}
  void begin(const std::vector<sqlite::ResultColumn>& columns) override {
    progress_.stop();
    inner_.begin(columns);
  }
  void row(const std::vector<sqlite::SqlValue>& values) override { inner_.row(values); }
  void end() override { inner_.end(); }

 private:
  sqlite::RowSink& inner_;
  ProgressLine& progress_;
};

// One statement (or several; the last one's rows are printed) and its reports.
class Runner final : public SqlRunner {
 public:
  explicit Runner(const SqlFlags& flags)
      : flags_(flags), connector_(make_connector(flags.connector)), session_(*connector_) {
    session_.on_batch([this](const std::string& table, const connector::ReadStats& stats) {
      progress_.update(table, stats);
    });
  }

  void run(const std::string& sql) override {
    session_.clear_scans();
    progress_.start();
    auto output = make_result_sink(flags_.format, stdout);
    ProgressStopper sink(*output, progress_);
    try {
      session_.run(sql, sink);
    } catch (...) {
      progress_.clear();
      std::fflush(stdout);  // what was written stays visibly unfinished
      print_warnings();
      throw;
    }
    std::fflush(stdout);
    print_warnings();
    if (flags_.explain) print_explain(session_, flags_.format);
    if (flags_.stats) {
      std::fprintf(stderr, "lark calls: %s\n", connector_->stats().snapshot().to_string().c_str());
    }
  }

  void print_tables() override {
    for (const auto& schema : connector_->list_schemas()) {
      for (const auto& table : connector_->list_tables(schema)) {
        std::printf("%s.%s\n", schema.c_str(), table.c_str());
      }
    }
    print_warnings();
  }

  void interrupt() override { session_.interrupt(); }

 private:
  // The catalog's warnings (a duplicate schema ignored, a renamed collision), each
  // once per session: they often explain an "unknown table".
  void print_warnings() {
    for (const auto& warning : connector_->warnings()) {
      if (warned_.insert(warning).second) write_bytes(stderr, "warning: " + warning + "\n");
    }
  }

  const SqlFlags& flags_;
  std::unique_ptr<connector::Connector> connector_;
  sqlite::SqlSession session_;
  ProgressLine progress_;
  std::set<std::string> warned_;
};

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

void run(const SqlFlags& flags) {
  Runner runner(flags);
  if (!flags.query.empty()) return runner.run(flags.query);
  if (isatty(fileno(stdin)) == 1) return run_shell(runner);
  std::string text(std::istreambuf_iterator<char>(std::cin), {});
  if (blank(text)) throw common::UserError("no query: pass it as an argument or on stdin");
  runner.run(text);
}

constexpr const char* kFormatHelp =
    "result format. table: aligned text, buffered and capped at 10000 rows (a note on stderr "
    "says how many more); csv, json, ndjson, markdown, arrow (Arrow IPC stream): streamed row "
    "by row with bounded memory. If a read fails after rows were written, the command exits "
    "non-zero with the error on stderr and the output is incomplete: json lacks its closing "
    "brackets, arrow its end-of-stream marker; csv, ndjson and markdown simply stop";

const CommandRegistration kSql{
    "sql", [](CLI::App& app) {
      auto flags = std::make_shared<SqlFlags>();
      auto* command = app.add_subcommand(
          "sql", "Run SQL over Lark Base tables (schema.table); a shell when no query is given");
      command->add_option("query", flags->query,
                          "the SQL; read from stdin when absent, or a shell on a terminal");
      command->add_option("--format,--output", flags->format, kFormatHelp)
          ->check(CLI::IsMember({"table", "csv", "json", "ndjson", "markdown", "arrow"}))
          ->capture_default_str();
      command->add_flag("--explain", flags->explain,
                        "print each scan's pushdown and reads to stderr");
      command->add_flag("--no-pushdown", flags->connector.no_pushdown,
                        "send no filter, sort or projection to Lark (every row is read)");
      command->add_option("--split-column", flags->connector.split_column,
                          "column large scans are cut on into concurrent key ranges: NAME "
                          "(in tables that have it), or none; default: the split key, an "
                          "integer auto number, a created time or a number, in that order");
      command->add_flag("--stats", flags->stats, "print Lark API call counts to stderr");
      add_connector_flags(command, flags->connector);
      command->callback([flags] { run(*flags); });
    }};

}  // namespace
}  // namespace larkbase::cli
