#include "loader/control_store.hpp"

#include <map>

#include "common/error.hpp"
#include "loader/migrations.hpp"

namespace larkbase::loader {
namespace {

const char* kColumns =
    "config_id, is_active, last_status, db_config_key, source_table_schema, source_table_name, "
    "query, destination_db_config_key, destination_table_schema, destination_table_name, "
    "load_strategy, load_full, load_cron, incremental_column, incremental_type, cursor_int, "
    "cursor_ts, incremental_lookback_hours, rolling_column, rolling_days, is_delete, delete_mode, "
    "partition_column, chunk_size, backfill_cursor, primary_key_cols, last_load_date_time, "
    "next_load_date_time, last_status_date_time, last_status_message, last_rows_processed, "
    "current_run_id, worker_id, retry_count, retry_decision, retry_confidence, retry_reason, "
    "retry_advisor, deletes_checked_at, drift_check, drift_checked_at, drift_missing_rows";

bool to_bool(const Value& v) { return v && (*v == "t" || *v == "1" || *v == "true"); }
std::optional<long long> to_ll(const Value& v) {
  return v ? std::optional<long long>(std::stoll(*v)) : std::nullopt;
}
std::optional<Seconds> to_time(const Value& v) { return v ? parse_utc(*v) : std::nullopt; }
Value num(std::optional<long long> v) { return v ? Value(std::to_string(*v)) : std::nullopt; }
Value flag(bool b) { return std::string(b ? "1" : "0"); }

TableConfig to_table(const Row& r) {
  TableConfig t;
  std::size_t i = 0;
  t.config_id = std::stoll(*r[i++]);
  t.is_active = to_bool(r[i++]);
  t.last_status = r[i++];
  t.db_config_key = *r[i++];
  t.source_schema = r[i++];
  t.source_name = *r[i++];
  t.query = r[i++];
  t.destination_key = *r[i++];
  t.destination_schema = r[i++];
  t.destination_name = *r[i++];
  t.strategy = *r[i++];
  t.load_full = to_bool(r[i++]);
  t.cron = *r[i++];
  t.incremental_column = r[i++];
  t.incremental_type = r[i++];
  t.cursor_int = to_ll(r[i++]);
  t.cursor_ts = r[i++];
  auto lookback = to_ll(r[i++]);
  if (lookback) t.lookback_hours = static_cast<int>(*lookback);
  t.rolling_column = r[i++];
  auto days = to_ll(r[i++]);
  if (days) t.rolling_days = static_cast<int>(*days);
  t.is_delete = to_bool(r[i++]);
  t.delete_mode = *r[i++];
  t.partition_column = r[i++];
  t.chunk_size = to_ll(r[i++]);
  t.backfill_cursor = to_ll(r[i++]);
  if (r[i]) t.primary_key = split_columns(*r[i]);
  ++i;
  t.last_load = to_time(r[i++]);
  t.next_load = to_time(r[i++]);
  t.last_status_time = to_time(r[i++]);
  t.last_status_message = r[i++];
  t.last_rows_processed = to_ll(r[i++]);
  t.current_run_id = to_ll(r[i++]);
  t.worker_id = r[i++];
  t.retry_count = static_cast<int>(to_ll(r[i++]).value_or(0));
  t.retry_decision = r[i++];
  if (r[i]) t.retry_confidence = std::stod(*r[i]);
  ++i;
  t.retry_reason = r[i++];
  t.retry_advisor = r[i++];
  t.deletes_checked_at = to_time(r[i++]);
  t.drift_check = to_bool(r[i++]);
  t.drift_checked_at = to_time(r[i++]);
  t.drift_missing_rows = to_ll(r[i++]);
  return t;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

}  // namespace

ControlStore::ControlStore(std::unique_ptr<Db> db) : db_(std::move(db)) {}

std::vector<std::string> ControlStore::migrate() { return loader::migrate(*db_); }

void ControlStore::add_source(const SourceConfig& s, Seconds now) {
  db_->exec(
      "INSERT INTO table_control_dbconfig (db_config_key, db_type, db_config_value, "
      "default_target_schema, created_at, last_modified_at) VALUES ($1, $2, $3, $4, $5, $5) "
      "ON CONFLICT (db_config_key) DO UPDATE SET db_type = excluded.db_type, "
      "db_config_value = excluded.db_config_value, default_target_schema = "
      "excluded.default_target_schema, last_modified_at = excluded.last_modified_at",
      {s.key, s.db_type, s.config_json, s.default_target_schema, format_utc(now)});
}

std::optional<SourceConfig> ControlStore::source(const std::string& key) {
  auto r = db_->exec(
      "SELECT db_config_key, db_type, db_config_value, default_target_schema FROM "
      "table_control_dbconfig WHERE db_config_key = $1",
      {key});
  if (r.rows.empty()) return std::nullopt;
  const Row& row = r.rows[0];
  return SourceConfig{*row[0], *row[1], *row[2], row[3]};
}

long long ControlStore::add_table(const TableConfig& t, Seconds now) {
  auto r = db_->exec(
      "INSERT INTO table_control (is_active, db_config_key, source_table_schema, "
      "source_table_name, query, destination_db_config_key, destination_table_schema, "
      "destination_table_name, load_strategy, load_full, load_cron, incremental_column, "
      "incremental_type, incremental_lookback_hours, rolling_column, rolling_days, is_delete, "
      "delete_mode, partition_column, chunk_size, primary_key_cols, created_at, "
      "last_modified_at, drift_check) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
      "$13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22, $23) RETURNING config_id",
      {flag(t.is_active),
       t.db_config_key,
       t.source_schema,
       t.source_name,
       t.query,
       t.destination_key,
       t.destination_schema,
       t.destination_name,
       t.strategy,
       flag(t.load_full),
       t.cron,
       t.incremental_column,
       t.incremental_type,
       num(t.lookback_hours ? std::optional<long long>(*t.lookback_hours) : std::nullopt),
       t.rolling_column,
       num(t.rolling_days ? std::optional<long long>(*t.rolling_days) : std::nullopt),
       flag(t.is_delete),
       t.delete_mode,
       t.partition_column,
       num(t.chunk_size),
       t.primary_key.empty() ? Value() : Value(join(t.primary_key)),
       format_utc(now),
       flag(t.drift_check)});
  return std::stoll(*r.rows.at(0)[0]);
}

std::vector<TableConfig> ControlStore::tables() {
  std::vector<TableConfig> out;
  for (const Row& r :
       db_->exec(std::string("SELECT ") + kColumns + " FROM table_control ORDER BY config_id")
           .rows) {
    out.push_back(to_table(r));
  }
  return out;
}

TableConfig ControlStore::table(long long config_id) {
  auto r = db_->exec(std::string("SELECT ") + kColumns + " FROM table_control WHERE config_id = $1",
                     {std::to_string(config_id)});
  if (r.rows.empty()) {
    throw common::UserError("no table config with config_id " + std::to_string(config_id) +
                            ": see `larkbase loader status`");
  }
  return to_table(r.rows[0]);
}

TableConfig ControlStore::find_table(const std::string& name_or_id) {
  if (!name_or_id.empty() && name_or_id.find_first_not_of("0123456789") == std::string::npos) {
    return table(std::stoll(name_or_id));
  }
  auto r = db_->exec(std::string("SELECT ") + kColumns +
                         " FROM table_control WHERE destination_table_name = $1 OR "
                         "source_table_name = $1 ORDER BY config_id",
                     {name_or_id});
  if (r.rows.empty()) {
    throw common::UserError("no table config named '" + name_or_id +
                            "': see `larkbase loader status` for names and config ids");
  }
  if (r.rows.size() > 1) {
    throw common::UserError("'" + name_or_id + "' names " + std::to_string(r.rows.size()) +
                            " table configs: pass the config_id instead");
  }
  return to_table(r.rows[0]);
}

std::vector<QueuedLoad> ControlStore::queue_ready(Seconds now, const QueueLimits& limits,
                                                  const std::string& worker_id,
                                                  std::vector<std::string>* deferred) {
  Transaction tx(*db_);
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM table_control WHERE is_active AND (last_status IS NULL OR "
                    "last_status = 'Succeeded') AND (next_load_date_time IS NULL OR "
                    "next_load_date_time <= $1 OR last_status IS NULL) ORDER BY "
                    "next_load_date_time IS NOT NULL, next_load_date_time, last_modified_at, "
                    "config_id LIMIT $2";
  if (db_->dialect() == Dialect::kPostgres) sql += " FOR UPDATE SKIP LOCKED";
  auto ready = db_->exec(sql, {format_utc(now), std::to_string(limits.batch_size)});
  // A backfill already running on a source database blocks another one there.
  std::map<std::string, bool> backfill_busy;
  for (const Row& r : db_->exec("SELECT DISTINCT db_config_key FROM table_control WHERE "
                                "load_strategy = 'chunked_backfill' AND last_status IN "
                                "('Queued', 'In Progress')")
                          .rows) {
    backfill_busy[*r[0]] = true;
  }
  std::vector<QueuedLoad> queued;
  for (const Row& r : ready.rows) {
    TableConfig t = to_table(r);
    if (t.strategy == "chunked_backfill") {
      if (backfill_busy[t.db_config_key]) {
        if (deferred) deferred->push_back(t.destination_name);
        continue;
      }
      backfill_busy[t.db_config_key] = true;
    }
    queued.push_back(mark_queued(std::move(t), now, worker_id));
  }
  tx.commit();
  return queued;
}

QueuedLoad ControlStore::mark_queued(TableConfig t, Seconds now, const std::string& worker_id) {
  auto id = db_->exec(
      "INSERT INTO historical_metadata (config_id, load_status, load_strategy, load_full, "
      "load_queued_time, worker_id) VALUES ($1, 'Queued', $2, $3, $4, $5) RETURNING id",
      {std::to_string(t.config_id), t.strategy, flag(t.load_full), format_utc(now), worker_id});
  long long run_id = std::stoll(*id.rows.at(0)[0]);
  db_->exec(
      "UPDATE table_control SET last_status = 'Queued', last_status_date_time = $2, "
      "last_status_message = NULL, current_run_id = $3, worker_id = $4, "
      "worker_heartbeat_at = $2, last_modified_at = $2 WHERE config_id = $1",
      {std::to_string(t.config_id), format_utc(now), std::to_string(run_id), worker_id});
  t.last_status = "Queued";
  t.current_run_id = run_id;
  return {t, run_id};
}

QueuedLoad ControlStore::queue_one(long long config_id, Seconds now, const std::string& worker_id) {
  Transaction tx(*db_);
  std::string sql = std::string("SELECT ") + kColumns + " FROM table_control WHERE config_id = $1";
  // SKIP LOCKED: a scheduler claiming this row right now wins; we report it.
  if (db_->dialect() == Dialect::kPostgres) sql += " FOR UPDATE SKIP LOCKED";
  auto r = db_->exec(sql, {std::to_string(config_id)});
  if (r.rows.empty()) {
    table(config_id);  // throws when the config does not exist
    throw common::UserError("table config " + std::to_string(config_id) +
                            " is being queued by a scheduler right now: see `larkbase loader "
                            "status`");
  }
  TableConfig t = to_table(r.rows[0]);
  if (t.last_status == "Queued" || t.last_status == "In Progress") {
    throw common::UserError("table config " + std::to_string(config_id) + " (" +
                            t.destination_name + ") is " + *t.last_status + " by worker " +
                            t.worker_id.value_or("?") +
                            ": wait for that load to finish (or for the reconcile monitor to "
                            "fail it if its worker died)");
  }
  QueuedLoad load = mark_queued(std::move(t), now, worker_id);
  tx.commit();
  return load;
}

void ControlStore::set_active(long long config_id, bool active, Seconds now) {
  table(config_id);
  db_->exec("UPDATE table_control SET is_active = $2, last_modified_at = $3 WHERE config_id = $1",
            {std::to_string(config_id), flag(active), format_utc(now)});
}

bool ControlStore::start(long long config_id, long long run_id, const std::string& worker_id,
                         Seconds now) {
  Transaction tx(*db_);
  auto r = db_->exec(
      "UPDATE table_control SET last_status = 'In Progress', last_status_date_time = $3, "
      "last_load_date_time = $3, worker_id = $4, worker_heartbeat_at = $3 WHERE config_id = $1 "
      "AND current_run_id = $2 AND last_status = 'Queued'",
      {std::to_string(config_id), std::to_string(run_id), format_utc(now), worker_id});
  if (r.affected != 1) return false;
  db_->exec(
      "UPDATE historical_metadata SET load_status = 'In Progress', load_start_time = $2, "
      "worker_id = $3 WHERE id = $1",
      {std::to_string(run_id), format_utc(now), worker_id});
  tx.commit();
  return true;
}

void ControlStore::heartbeat(long long config_id, long long run_id, Seconds now) {
  db_->exec(
      "UPDATE table_control SET worker_heartbeat_at = $3 WHERE config_id = $1 AND "
      "current_run_id = $2",
      {std::to_string(config_id), std::to_string(run_id), format_utc(now)});
}

bool ControlStore::succeed(const TableConfig& t, long long run_id, const LoadOutcome& o,
                           Seconds next_due, Seconds now) {
  Transaction tx(*db_);
  // Status, next due time, cursor, load_full and the backfill hand-over move
  // together, and the per-incident retry counter starts again (spec §8.5).
  auto r = db_->exec(
      "UPDATE table_control SET last_status = 'Succeeded', last_status_date_time = $3, "
      "last_status_message = $4, next_load_date_time = $5, cursor_int = $6, cursor_ts = $7, "
      "load_full = FALSE, load_strategy = $8, backfill_cursor = $9, last_rows_processed = $10, "
      "retry_count = 0, retry_decision = NULL, retry_confidence = NULL, retry_reason = NULL, "
      "retry_advisor = NULL, "
      // Only a completed pass is stamped (spec §2.6): a pass that was not
      // due, failed or hit the zero-rows guard leaves the stamp as it was.
      "deletes_checked_at = CASE WHEN $11 THEN $3 ELSE deletes_checked_at END, "
      "drift_checked_at = CASE WHEN CAST($12 AS BIGINT) IS NULL THEN drift_checked_at ELSE $3 END, "
      "drift_missing_rows = COALESCE(CAST($12 AS BIGINT), drift_missing_rows) "
      "WHERE config_id = $1 AND current_run_id = $2 AND last_status = 'In Progress'",
      {std::to_string(t.config_id), std::to_string(run_id), format_utc(now), o.message,
       format_utc(next_due), num(o.cursor_int), o.cursor_ts, o.strategy_after,
       num(o.backfill_done ? std::nullopt : o.backfill_cursor), std::to_string(o.rows_processed),
       flag(o.deletes_checked), num(o.drift_missing)});
  if (r.affected != 1) return false;
  db_->exec(
      "UPDATE historical_metadata SET load_status = 'Succeeded', load_end_time = $2, rows_read = "
      "$3, rows_processed = $4, cursor_from = $5, cursor_to = $6, log_message = $7 WHERE id = $1",
      {std::to_string(run_id), format_utc(now), std::to_string(o.rows_read),
       std::to_string(o.rows_processed), o.cursor_from, o.cursor_to, o.message});
  tx.commit();
  return true;
}

bool ControlStore::fail(long long config_id, long long run_id, const std::string& message,
                        Seconds now, long long rows_read) {
  Transaction tx(*db_);
  auto r = db_->exec(
      "UPDATE table_control SET last_status = 'Failed', last_status_date_time = $3, "
      "last_status_message = $4 WHERE config_id = $1 AND current_run_id = $2 AND last_status IN "
      "('Queued', 'In Progress')",
      {std::to_string(config_id), std::to_string(run_id), format_utc(now), message});
  if (r.affected != 1) return false;
  db_->exec(
      "UPDATE historical_metadata SET load_status = 'Failed', load_end_time = $2, log_message = "
      "$3, rows_read = $4 WHERE id = $1",
      {std::to_string(run_id), format_utc(now), message, std::to_string(rows_read)});
  tx.commit();
  return true;
}

void ControlStore::save_backfill_progress(long long config_id, long long run_id, long long mark) {
  db_->exec(
      "UPDATE table_control SET backfill_cursor = $3 WHERE config_id = $1 AND current_run_id = $2",
      {std::to_string(config_id), std::to_string(run_id), std::to_string(mark)});
}

std::vector<long long> ControlStore::fail_long_queued(Seconds now, Seconds threshold) {
  std::vector<long long> out;
  auto rows = db_->exec(
      "SELECT config_id, current_run_id, last_status_date_time FROM table_control WHERE "
      "last_status = 'Queued' AND last_status_date_time <= $1",
      {format_utc(now - threshold)});
  for (const Row& r : rows.rows) {
    Seconds since = to_time(r[2]).value_or(now);
    // Truthful: nothing is cancelled, the row is released for a later tick.
    std::string message =
        "Failed: queued for " + std::to_string((now - since) / 60) +
        " minutes without a worker starting it (threshold: " + std::to_string(threshold / 60) +
        " min)";
    if (fail(std::stoll(*r[0]), std::stoll(*r[1]), message, now)) out.push_back(std::stoll(*r[0]));
  }
  return out;
}

std::vector<QueuedLoad> ControlStore::long_running(Seconds now, Seconds threshold) {
  std::vector<QueuedLoad> out;
  auto rows = db_->exec(std::string("SELECT ") + kColumns +
                            " FROM table_control WHERE last_status = 'In Progress' AND "
                            "last_load_date_time <= $1",
                        {format_utc(now - threshold)});
  for (const Row& r : rows.rows) {
    TableConfig t = to_table(r);
    out.push_back({t, t.current_run_id.value_or(0)});
  }
  return out;
}

std::vector<long long> ControlStore::reconcile_orphans(Seconds now, Seconds heartbeat_timeout,
                                                       const WorkerCheck& known_dead) {
  std::vector<long long> out;
  auto rows = db_->exec(
      "SELECT config_id, current_run_id, worker_id, worker_heartbeat_at <= $1 FROM "
      "table_control WHERE last_status IN ('Queued', 'In Progress')",
      {format_utc(now - heartbeat_timeout)});
  for (const Row& r : rows.rows) {
    std::string worker = r[2].value_or("?");
    bool silent = !r[3] || to_bool(r[3]);
    bool dead = known_dead && known_dead(worker);
    if (!silent && !dead) continue;
    std::string why =
        dead ? "is no longer running"
             : "stopped reporting for over " + std::to_string(heartbeat_timeout) + " s";
    std::string message = "Failed: orphaned, worker " + worker + " " + why +
                          "; the target and cursor are as of the last successful load";
    if (fail(std::stoll(*r[0]), std::stoll(*r[1]), message, now)) out.push_back(std::stoll(*r[0]));
  }
  return out;
}

std::vector<TableConfig> ControlStore::failed_for_analysis(int max_retries) {
  std::vector<TableConfig> out;
  auto rows = db_->exec(
      std::string("SELECT ") + kColumns +
          " FROM table_control WHERE is_active AND last_status = 'Failed' AND "
          "retry_count < $1 AND (retry_decision IS NULL OR retry_decision = 'RETRY') ORDER BY "
          "config_id",
      {std::to_string(max_retries)});
  for (const Row& r : rows.rows) out.push_back(to_table(r));
  return out;
}

void ControlStore::record_retry_decision(long long config_id, const RetryDecision& d, Seconds now) {
  Transaction tx(*db_);
  // RETRY releases the row (status NULL, due now) and counts the attempt;
  // REVIEW keeps it Failed. The decision stays in its own columns.
  db_->exec(
      "UPDATE table_control SET retry_decision = CAST($2 AS TEXT), "
      "retry_confidence = $3, retry_reason = $4, retry_advisor = $6, retry_count = retry_count + "
      "CASE WHEN $2 = "
      "'RETRY' THEN 1 ELSE 0 END, last_status = CASE WHEN $2 = 'RETRY' THEN NULL ELSE "
      "last_status END, last_status_date_time = $5, next_load_date_time = CASE WHEN $2 = "
      "'RETRY' THEN $5 ELSE next_load_date_time END, last_modified_at = $5 WHERE config_id = $1",
      {std::to_string(config_id), d.decision, std::to_string(d.confidence), d.reason,
       format_utc(now), d.advisor});
  db_->exec(
      "UPDATE historical_metadata SET retry_decision = $2, retry_confidence = $3, retry_reason = "
      "$4, retry_advisor = $5 WHERE id = (SELECT current_run_id FROM table_control WHERE "
      "config_id = $1)",
      {std::to_string(config_id), d.decision, std::to_string(d.confidence), d.reason, d.advisor});
  tx.commit();
}

void ControlStore::reset(long long config_id, Seconds now) {
  Transaction tx(*db_);
  TableConfig t = table(config_id);
  if (t.last_status == "Queued" || t.last_status == "In Progress") {
    throw common::UserError("table config " + std::to_string(config_id) + " (" +
                            t.destination_name + ") is " + *t.last_status +
                            ": a reset now would start it twice; wait for the load to finish");
  }
  db_->exec(
      "UPDATE table_control SET last_status = NULL, last_status_message = NULL, "
      "last_status_date_time = $2, retry_count = 0, retry_decision = NULL, retry_confidence = "
      "NULL, retry_reason = NULL, retry_advisor = NULL, next_load_date_time = NULL, "
      "last_modified_at = $2 WHERE "
      "config_id = $1",
      {std::to_string(config_id), format_utc(now)});
  tx.commit();
}

std::vector<HistoryRow> ControlStore::history(long long config_id, int limit) {
  std::vector<HistoryRow> out;
  auto rows = db_->exec(
      "SELECT id, load_status, load_queued_time, load_start_time, load_end_time, rows_read, "
      "rows_processed, cursor_from, cursor_to, log_message, retry_decision, retry_confidence, "
      "retry_reason, retry_advisor FROM historical_metadata WHERE config_id = $1 ORDER BY id DESC "
      "LIMIT $2",
      {std::to_string(config_id), std::to_string(limit)});
  for (const Row& r : rows.rows) {
    HistoryRow h;
    h.id = std::stoll(*r[0]);
    h.load_status = *r[1];
    h.queued = r[2];
    h.started = r[3];
    h.ended = r[4];
    h.rows_read = to_ll(r[5]);
    h.rows_processed = to_ll(r[6]);
    h.cursor_from = r[7];
    h.cursor_to = r[8];
    h.message = r[9];
    h.retry_decision = r[10];
    if (r[11]) h.retry_confidence = std::stod(*r[11]);
    h.retry_reason = r[12];
    h.retry_advisor = r[13];
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace larkbase::loader
