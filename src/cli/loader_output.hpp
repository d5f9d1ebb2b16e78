#pragma once
// What `larkbase loader …` prints: aligned text tables for people, JSON
// (`--format json`) for scripts. Times are UTC `YYYY-MM-DD HH:MM:SS`.
#include <string>
#include <vector>

#include "loader/control_types.hpp"
#include "loader/scheduler.hpp"

namespace larkbase::cli {

void print_status(const std::vector<loader::TableConfig>& tables, const std::string& format);
void print_config(const loader::TableConfig& table, const std::string& format);
void print_history(const loader::TableConfig& table, const std::vector<loader::HistoryRow>& rows,
                   const std::string& format);
// `row` may be null when the run left no history row.
void print_run_result(const loader::TableConfig& table, const loader::HistoryRow* row,
                      const std::string& format);
void print_tick(const loader::TickReport& report, const std::string& format);
void print_retry_analysis(const std::vector<loader::TableConfig>& tables,
                          const std::string& format);

}  // namespace larkbase::cli
