#include "loader/migrations.hpp"

#include <set>

#include "common/error.hpp"

namespace larkbase::loader {
namespace {

// Version 0001: the control schema. Differences from the original (spec §8):
// typed cursors (cursor_int / cursor_ts) instead of one VARCHAR; config_id is
// the identity of every load and history row; the per-incident retry counter
// and the structured retry decision are real columns; dbconfig rows cannot be
// deleted while tables use them (RESTRICT, never CASCADE); no column is read
// that is not declared here.
const char* kSchema = R"SQL(
CREATE TABLE table_control_dbconfig (
  db_config_key VARCHAR(100) PRIMARY KEY,
  db_type VARCHAR(50) NOT NULL CHECK (db_type IN ('postgresql', 'sqlite', 'lark')),
  db_config_value TEXT NOT NULL,
  default_target_schema VARCHAR(255),
  created_at {TS} NOT NULL,
  last_modified_at {TS} NOT NULL
);
CREATE TABLE table_control (
  config_id {ID},
  is_active {BOOL} NOT NULL DEFAULT FALSE,
  last_status VARCHAR(20) CHECK (last_status IN ('Queued', 'In Progress', 'Succeeded', 'Failed')),
  db_config_key VARCHAR(100) NOT NULL REFERENCES table_control_dbconfig (db_config_key) ON DELETE RESTRICT,
  source_table_schema VARCHAR(255),
  source_table_name VARCHAR(255) NOT NULL,
  query TEXT,
  destination_db_config_key VARCHAR(100) NOT NULL REFERENCES table_control_dbconfig (db_config_key) ON DELETE RESTRICT,
  destination_table_schema VARCHAR(255),
  destination_table_name VARCHAR(255) NOT NULL,
  load_strategy VARCHAR(30) NOT NULL CHECK (load_strategy IN ('full', 'incremental', 'append_only', 'rolling', 'check_and_load', 'chunked_backfill')),
  load_full {BOOL} NOT NULL DEFAULT FALSE,
  load_cron VARCHAR(100) NOT NULL,
  incremental_column VARCHAR(255),
  incremental_type VARCHAR(20) CHECK (incremental_type IN ('timestamp', 'integer')),
  cursor_int BIGINT,
  cursor_ts {TS},
  incremental_lookback_hours INTEGER CHECK (incremental_lookback_hours IS NULL OR incremental_lookback_hours >= 0),
  rolling_column VARCHAR(255),
  rolling_days INTEGER CHECK (rolling_days IS NULL OR rolling_days > 0),
  is_delete {BOOL} NOT NULL DEFAULT FALSE,
  delete_mode VARCHAR(10) NOT NULL DEFAULT 'soft' CHECK (delete_mode IN ('soft', 'hard')),
  deletes_checked_at {TS},
  partition_column VARCHAR(255),
  chunk_size BIGINT CHECK (chunk_size IS NULL OR chunk_size > 0),
  backfill_cursor BIGINT,
  primary_key_cols TEXT,
  last_load_date_time {TS},
  next_load_date_time {TS},
  last_status_date_time {TS},
  last_status_message TEXT,
  last_rows_processed BIGINT,
  current_run_id BIGINT,
  worker_id VARCHAR(255),
  worker_heartbeat_at {TS},
  retry_count INTEGER NOT NULL DEFAULT 0,
  retry_decision VARCHAR(10) CHECK (retry_decision IN ('RETRY', 'REVIEW')),
  retry_confidence DOUBLE PRECISION,
  retry_reason TEXT,
  created_at {TS} NOT NULL,
  last_modified_at {TS} NOT NULL,
  UNIQUE (db_config_key, source_table_schema, source_table_name, load_cron)
);
CREATE INDEX table_control_due_idx ON table_control (is_active, last_status, next_load_date_time);
CREATE TABLE historical_metadata (
  id {ID},
  config_id BIGINT NOT NULL,
  load_status VARCHAR(20) NOT NULL,
  load_strategy VARCHAR(30),
  load_full {BOOL},
  load_queued_time {TS} NOT NULL,
  load_start_time {TS},
  load_end_time {TS},
  rows_read BIGINT,
  rows_processed BIGINT,
  cursor_from TEXT,
  cursor_to TEXT,
  worker_id VARCHAR(255),
  log_message TEXT,
  retry_decision VARCHAR(10),
  retry_confidence DOUBLE PRECISION,
  retry_reason TEXT
);
CREATE INDEX historical_metadata_config_idx ON historical_metadata (config_id, id);
CREATE TABLE table_control_history (
  history_id {ID},
  config_id BIGINT NOT NULL,
  changed_at {TS} NOT NULL,
  old_status VARCHAR(20),
  new_status VARCHAR(20),
  status_message TEXT,
  worker_id VARCHAR(255)
);
)SQL";

// The operators' view of the configs (part of 0001, recreated by 0005).
const char* kControlView = R"SQL(
CREATE VIEW dataloader_control_vw AS
SELECT c.*, d.db_type AS source_db_type,
       CASE WHEN NOT c.is_active THEN 'inactive'
            WHEN c.last_status = 'Failed' THEN 'failed: reset or retry analysis needed'
            ELSE NULL END AS not_ready_reason
FROM table_control c JOIN table_control_dbconfig d ON d.db_config_key = c.db_config_key;
)SQL";

// The audit trigger: every status change of a config lands in the history.
const char* kPgTrigger = R"SQL(
CREATE FUNCTION table_control_audit() RETURNS trigger AS $$
BEGIN
  IF NEW.last_status IS DISTINCT FROM OLD.last_status THEN
    INSERT INTO table_control_history (config_id, changed_at, old_status, new_status, status_message, worker_id)
    VALUES (NEW.config_id, COALESCE(NEW.last_status_date_time, now()), OLD.last_status, NEW.last_status,
            NEW.last_status_message, NEW.worker_id);
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER trg_table_control_audit AFTER UPDATE ON table_control
FOR EACH ROW EXECUTE FUNCTION table_control_audit();
)SQL";

const char* kSqliteTrigger = R"SQL(
CREATE TRIGGER trg_table_control_audit AFTER UPDATE OF last_status ON table_control
FOR EACH ROW WHEN NEW.last_status IS NOT OLD.last_status
BEGIN
  INSERT INTO table_control_history (config_id, changed_at, old_status, new_status, status_message, worker_id)
  VALUES (NEW.config_id, COALESCE(NEW.last_status_date_time, datetime('now')), OLD.last_status,
          NEW.last_status, NEW.last_status_message, NEW.worker_id);
END;
)SQL";

// Version 0003: the retry decision says who made it ("rules" or
// "llm:<model>"), on the config row and on the run.
const char* kRetryAdvisor = R"SQL(
ALTER TABLE table_control ADD COLUMN retry_advisor VARCHAR(100);
ALTER TABLE historical_metadata ADD COLUMN retry_advisor VARCHAR(100);
)SQL";

// Version 0004: the drift check of spec §2.6 (the original named these
// columns in its code and UI but never created them, §1.3).
const char* kDriftCheck = R"SQL(
ALTER TABLE table_control ADD COLUMN drift_check {BOOL} NOT NULL DEFAULT FALSE;
ALTER TABLE table_control ADD COLUMN drift_checked_at {TS};
ALTER TABLE table_control ADD COLUMN drift_missing_rows BIGINT;
)SQL";

// Version 0005: PostgreSQL expands the view's `c.*` when the view is created,
// so columns added later (0003, 0004) are missing from it until it is
// recreated. SQLite re-expands on use; recreating it there is harmless.
const char* kRecreateView = "DROP VIEW IF EXISTS dataloader_control_vw;";

std::string fill(std::string sql, Dialect dialect) {
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (std::size_t at = sql.find(from); at != std::string::npos;
         at = sql.find(from, at + to.size())) {
      sql.replace(at, from.size(), to);
    }
  };
  bool pg = dialect == Dialect::kPostgres;
  replace_all("{ID}", pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT");
  replace_all("{TS}", pg ? "TIMESTAMP" : "TEXT");
  replace_all("{BOOL}", "BOOLEAN");
  return sql;
}

}  // namespace

const std::vector<Migration>& control_migrations() {
  static const std::vector<Migration> kMigrations = {
      {"0001", "control schema", std::string(kSchema) + kControlView},
      {"0002", "status audit trigger", ""},
      {"0003", "which advisor made the retry decision", kRetryAdvisor},
      {"0004", "drift check columns", kDriftCheck},
      {"0005", "control view shows the columns added since 0001",
       std::string(kRecreateView) + kControlView},
  };
  return kMigrations;
}

std::vector<std::string> migrate(Db& db) {
  Transaction tx(db);
  if (db.dialect() == Dialect::kPostgres) {
    // Two processes migrating at once: the second waits, then sees the rows
    // (the lock comes first: concurrent CREATE … IF NOT EXISTS can collide).
    db.exec("SELECT pg_advisory_xact_lock(774211)");
  }
  db.exec_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR(20) PRIMARY KEY, name TEXT "
      "NOT NULL)");
  std::set<std::string> applied;
  for (const Row& row : db.exec("SELECT version FROM schema_migrations").rows)
    applied.insert(*row[0]);
  std::set<std::string> known;
  for (const Migration& m : control_migrations()) known.insert(m.version);
  for (const std::string& version : applied) {
    if (!known.count(version)) {
      throw common::UserError("control database has migration " + version +
                              " that this larkbase does not know: upgrade larkbase");
    }
  }
  std::vector<std::string> done;
  for (const Migration& m : control_migrations()) {
    if (applied.count(m.version)) continue;
    std::string sql = m.sql;
    if (m.version == "0002") sql = db.dialect() == Dialect::kPostgres ? kPgTrigger : kSqliteTrigger;
    db.exec_script(fill(sql, db.dialect()));
    db.exec("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", {m.version, m.name});
    done.push_back(m.version);
  }
  tx.commit();
  return done;
}

}  // namespace larkbase::loader
