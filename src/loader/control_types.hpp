#pragma once
// The rows of the control database as C++ values.
#include <optional>
#include <string>
#include <vector>

#include "loader/time_util.hpp"

namespace larkbase::loader {

struct SourceConfig {
  std::string key;
  std::string db_type;      // postgresql | sqlite | lark
  std::string config_json;  // connection fields; secrets only as references
  std::optional<std::string> default_target_schema;
};

struct TableConfig {
  long long config_id = 0;
  bool is_active = true;
  std::optional<std::string> last_status;
  std::string db_config_key;
  std::optional<std::string> source_schema;
  std::string source_name;
  std::optional<std::string> query;
  std::string destination_key;
  std::optional<std::string> destination_schema;
  std::string destination_name;
  std::string strategy;
  bool load_full = false;
  std::string cron = "0 * * * *";
  std::optional<std::string> incremental_column;
  std::optional<std::string> incremental_type;  // timestamp | integer
  std::optional<long long> cursor_int;
  std::optional<std::string> cursor_ts;  // exact source text, sub-second kept
  std::optional<int> lookback_hours;
  std::optional<std::string> rolling_column;
  std::optional<int> rolling_days;
  bool is_delete = false;
  std::string delete_mode = "soft";
  std::optional<Seconds> deletes_checked_at;  // last completed delete pass
  bool drift_check = false;                   // count source keys missing in the target
  std::optional<Seconds> drift_checked_at;
  std::optional<long long> drift_missing_rows;
  std::optional<std::string> partition_column;
  std::optional<long long> chunk_size;
  std::optional<long long> backfill_cursor;
  std::vector<std::string> primary_key;
  std::optional<Seconds> last_load;
  std::optional<Seconds> next_load;
  std::optional<Seconds> last_status_time;
  std::optional<std::string> last_status_message;
  std::optional<long long> last_rows_processed;
  std::optional<long long> current_run_id;
  std::optional<std::string> worker_id;
  int retry_count = 0;
  std::optional<std::string> retry_decision;
  std::optional<double> retry_confidence;
  std::optional<std::string> retry_reason;
  std::optional<std::string> retry_advisor;  // "rules" or "llm:<model>"
};

// What one load did, written with its Succeeded status.
struct LoadOutcome {
  long long rows_read = 0;
  long long rows_processed = 0;
  std::optional<long long> cursor_int;
  std::optional<std::string> cursor_ts;    // exact source text, sub-second kept
  std::optional<std::string> cursor_from;  // the window read, for the history
  std::optional<std::string> cursor_to;
  std::string strategy_after;  // chunked_backfill becomes incremental when done
  std::optional<long long> backfill_cursor;
  bool backfill_done = false;
  bool deletes_checked = false;            // a delete pass completed: stamp it
  std::optional<long long> drift_missing;  // set when a drift check completed
  std::string message;
};

struct HistoryRow {
  long long id = 0;
  std::string load_status;
  std::optional<std::string> queued, started, ended;
  std::optional<long long> rows_read, rows_processed;
  std::optional<std::string> cursor_from, cursor_to, message, retry_decision;
  std::optional<double> retry_confidence;
  std::optional<std::string> retry_reason, retry_advisor;
};

std::vector<std::string> split_columns(const std::string& comma_separated);

}  // namespace larkbase::loader
