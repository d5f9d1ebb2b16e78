#include "cli/progress_line.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace larkbase::cli {
namespace {

constexpr auto kQuietPeriod = std::chrono::seconds(1);
constexpr auto kRefresh = std::chrono::milliseconds(200);

}  // namespace

ProgressLine::ProgressLine() : enabled_(isatty(fileno(stderr)) == 1) { start(); }

void ProgressLine::start() {
  stopped_ = false;
  started_ = Clock::now();
  last_ = started_;
}

void ProgressLine::update(const std::string& table, const connector::ReadStats& stats) {
  if (!enabled_ || stopped_) return;
  auto now = Clock::now();
  if (now - started_ < kQuietPeriod || now - last_ < kRefresh) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - started_).count();
  std::fputs(fmt::format("\r\x1b[Kreading {}: {} rows fetched, {} matched, {} pages, {:.1f} s",
                         table, stats.rows_fetched, stats.rows_emitted, stats.pages, seconds)
                 .c_str(),
             stderr);
  std::fflush(stderr);
  shown_ = true;
}

void ProgressLine::clear() {
  if (!shown_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace larkbase::cli
