#pragma once
// A one-line progress report on stderr for scans that take long, only when
// stderr is a terminal (never in pipes, files or CI logs). It appears after the
// first second of a statement, updates a few times a second, and is erased
// before results are printed.
#include <chrono>
#include <string>

#include "connector/connector.hpp"

namespace larkbase::cli {

class ProgressLine {
 public:
  ProgressLine();
  ~ProgressLine() { clear(); }

  // Starts timing a statement.
  void start();
  // A scan of `table` received a batch; `stats` are its counters so far.
  void update(const std::string& table, const connector::ReadStats& stats);
  // Erases the line, if one is shown.
  void clear();
  // Erases the line and shows none until the next start(): results are being printed.
  void stop() {
    clear();
    stopped_ = true;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  bool stopped_ = false;
  Clock::time_point started_;
  Clock::time_point last_;
};

}  // namespace larkbase::cli
