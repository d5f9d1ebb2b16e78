// `larkbase loader …`: operate the DataLoader (docs/loader.md). Every
// subcommand opens the control database named by --control (or
// LARKBASE_LOADER_CONTROL), applies missing migrations, and acts on it.
// Control URLs may carry a password; only describe_url() ever prints them.
#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command_registry.hpp"
#include "cli/loader_output.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "loader/connections.hpp"
#include "loader/control_store.hpp"
#include "loader/cron.hpp"
#include "loader/llm_advisor.hpp"
#include "loader/scheduler.hpp"
#include "loader/target.hpp"

namespace larkbase::cli {
namespace {

using loader::ControlStore;
using loader::TableConfig;

struct LoaderFlags {
  std::string control;
  std::string format = "text";
  std::string table;  // config id or destination/source name
  // add-source
  std::string key, type, path, host, port, database, user, password, config_json, target_schema;
  std::string api_url, app_id, app_secret, base;  // --type lark
  // add-table
  std::string source, source_schema, source_table, query, destination, destination_schema,
      destination_table, strategy = "full", cron = "0 * * * *", incremental_column,
                         incremental_type, primary_key, rolling_column, partition_column,
                         delete_mode;
  int lookback_hours = -1, rolling_days = -1;
  long long chunk_size = 0;
  bool inactive = false, load_full = false, drift_check = false;
  // scheduler
  int workers = 4, batch_size = 48, max_retries = 3, limit = 20;
  long long fetch_rows = 100000;
  int delete_check_hours = 24, drift_check_hours = 24;
  long long long_queued_minutes = 60, long_running_minutes = 180, heartbeat_timeout = 600;
  long long interval = 60;
  int max_ticks = 0;
  bool once = false;  // run --once: one tick
  std::string worker_id;
};

const loader::SystemClock& system_clock() {
  static const loader::SystemClock kClock;
  return kClock;
}

std::string control_url(const LoaderFlags& f) {
  if (f.control.empty()) {
    throw common::UserError(
        "no control database: pass --control sqlite:PATH or --control "
        "postgresql://host:port/db (or set LARKBASE_LOADER_CONTROL)");
  }
  return f.control;
}

ControlStore open_store(const LoaderFlags& f) {
  ControlStore store(loader::open_db(control_url(f)));
  store.migrate();
  return store;
}

loader::SchedulerOptions scheduler_options(const LoaderFlags& f) {
  loader::SchedulerOptions o;
  if (f.workers < 1) throw common::UserError("--workers must be at least 1");
  if (f.batch_size < 1) throw common::UserError("--batch-size must be at least 1");
  if (f.long_queued_minutes < 1 || f.long_running_minutes < 1 || f.heartbeat_timeout < 1) {
    throw common::UserError(
        "--long-queued-minutes, --long-running-minutes and --heartbeat-timeout must be "
        "positive");
  }
  o.workers = f.workers;
  o.limits.batch_size = f.batch_size;
  o.long_queued = f.long_queued_minutes * 60;
  o.long_running = f.long_running_minutes * 60;
  o.heartbeat_timeout = f.heartbeat_timeout;
  o.heartbeat_interval = std::max<long long>(1, std::min<long long>(30, f.heartbeat_timeout / 3));
  o.max_retries = f.max_retries;
  o.worker_id = f.worker_id;
  o.llm = loader::llm_advisor_from_env();
  if (f.fetch_rows < 1) throw common::UserError("--fetch-rows must be at least 1");
  o.fetch_rows = static_cast<std::size_t>(f.fetch_rows);
  o.delete_check_hours = f.delete_check_hours;
  o.drift_check_hours = f.drift_check_hours;
  return o;
}

void init(const LoaderFlags& f) {
  ControlStore store(loader::open_db(control_url(f)));
  auto applied = store.migrate();
  if (applied.empty()) {
    std::printf("control database %s is up to date\n", loader::describe_url(f.control).c_str());
  }
  for (const auto& v : applied) std::printf("applied migration %s\n", v.c_str());
}

std::string source_config_json(const LoaderFlags& f) {
  if (!f.config_json.empty()) {
    common::parse_json(f.config_json, "--config");  // names the flag when malformed
    return f.config_json;
  }
  common::Json j = common::Json::object();
  auto put = [&](const char* name, const std::string& v) {
    if (!v.empty()) j[name] = v;
  };
  put("path", f.path);
  put("host", f.host);
  put("port", f.port);
  put("service_name", f.database);
  put("user", f.user);
  put("password", f.password);
  put("api_url", f.api_url);
  put("app_id", f.app_id);
  put("app_secret", f.app_secret);
  put("app_token", f.base);
  return j.dump();
}

void add_source(const LoaderFlags& f) {
  loader::SourceConfig s;
  s.key = f.key;
  s.db_type = f.type;
  s.config_json = source_config_json(f);
  if (!f.target_schema.empty()) s.default_target_schema = f.target_schema;
  loader::validate_source(s);
  auto store = open_store(f);
  store.add_source(s, system_clock().now());
  std::printf("source '%s' (%s) saved\n", s.key.c_str(), s.db_type.c_str());
}

void validate_drift_check(const TableConfig& t) {
  if (!t.drift_check) return;
  if (t.strategy == "full" || t.strategy == "chunked_backfill") {
    throw common::UserError("--drift-check does not apply to strategy '" + t.strategy +
                            "' (it loads the whole table, so no row can be missed)");
  }
  if (t.primary_key.empty())
    throw common::UserError("--drift-check needs --primary-key to match rows");
  if (t.query) {
    throw common::UserError(
        "--drift-check does not apply to a custom --query (its rows are not the table's keys): "
        "drop --query or --drift-check");
  }
}

// The spec's required-field matrix (§2.10), without the JDBC partition
// fields that our readers do not need.
void validate_table(ControlStore& store, const TableConfig& t) {
  auto need = [&](bool present, const std::string& flag) {
    if (!present) {
      throw common::UserError("strategy '" + t.strategy + "' needs " + flag + " (table '" +
                              t.destination_name + "')");
    }
  };
  for (const auto* key : {&t.db_config_key, &t.destination_key}) {
    if (!store.source(*key)) {
      throw common::UserError("no source named '" + *key +
                              "': add it first with `larkbase loader add-source " + *key +
                              " --type …`");
    }
  }
  const std::string& s = t.strategy;
  bool windowed = s == "incremental" || s == "append_only" || s == "check_and_load";
  if (windowed || s == "chunked_backfill") {
    need(t.incremental_column.has_value(), "--incremental-column");
    need(t.incremental_type.has_value(), "--incremental-type (timestamp or integer)");
  }
  if (s == "incremental" || s == "rolling" || s == "check_and_load") {
    need(!t.primary_key.empty(), "--primary-key");
  }
  if (s == "rolling") need(t.rolling_column.has_value(), "--rolling-column");
  if (s == "chunked_backfill") need(t.partition_column.has_value(), "--partition-column");
  if (t.is_delete && (s == "full" || s == "chunked_backfill")) {
    throw common::UserError("--delete does not apply to strategy '" + s +
                            "' (a full load already mirrors deletes)");
  }
  if (t.is_delete && t.primary_key.empty()) {
    throw common::UserError("--delete needs --primary-key to match rows");
  }
  validate_drift_check(t);
  loader::CronExpression::parse(t.cron);
  if (t.destination_name != loader::safe_destination_name(t.destination_name)) {
    throw common::UserError("destination table name '" + t.destination_name +
                            "' has unsafe characters: use '" +
                            loader::safe_destination_name(t.destination_name) + "'");
  }
}

template <typename T>
std::optional<T> opt(const T& v, const T& unset) {
  return v == unset ? std::nullopt : std::optional<T>(v);
}

void add_table(const LoaderFlags& f) {
  TableConfig t;
  t.is_active = !f.inactive;
  t.db_config_key = f.source;
  t.source_schema = opt(f.source_schema, std::string());
  t.source_name = f.source_table;
  t.query = opt(f.query, std::string());
  t.destination_key = f.destination;
  t.destination_schema = opt(f.destination_schema, std::string());
  t.destination_name = f.destination_table.empty() ? loader::safe_destination_name(f.source_table)
                                                   : f.destination_table;
  t.strategy = f.strategy;
  t.load_full = f.load_full;
  t.cron = f.cron;
  t.incremental_column = opt(f.incremental_column, std::string());
  t.incremental_type = opt(f.incremental_type, std::string());
  t.lookback_hours = opt(f.lookback_hours, -1);
  t.rolling_column = opt(f.rolling_column, std::string());
  t.rolling_days = opt(f.rolling_days, -1);
  t.is_delete = !f.delete_mode.empty();
  if (t.is_delete) t.delete_mode = f.delete_mode;
  t.drift_check = f.drift_check;
  t.partition_column = opt(f.partition_column, std::string());
  t.chunk_size = opt(f.chunk_size, 0LL);
  t.primary_key = loader::split_columns(f.primary_key);
  auto store = open_store(f);
  validate_table(store, t);
  long long id = store.add_table(t, system_clock().now());
  std::printf("table config %lld added: %s -> %s (%s, cron '%s', %s)\n", id, t.source_name.c_str(),
              t.destination_name.c_str(), t.strategy.c_str(), t.cron.c_str(),
              t.is_active ? "active" : "inactive: enable it to schedule it");
}

void set_active(const LoaderFlags& f, bool active) {
  auto store = open_store(f);
  TableConfig t = store.find_table(f.table);
  store.set_active(t.config_id, active, system_clock().now());
  std::printf("table config %lld (%s) %s\n", t.config_id, t.destination_name.c_str(),
              active ? "enabled" : "disabled");
}

void run_one(const LoaderFlags& f) {
  long long id = 0;
  {
    auto store = open_store(f);
    id = store.find_table(f.table).config_id;
  }
  loader::Scheduler scheduler(control_url(f), system_clock(), scheduler_options(f));
  bool ok = scheduler.run_now(id);
  auto store = open_store(f);
  TableConfig t = store.table(id);
  auto history = store.history(id, 1);
  print_run_result(t, history.empty() ? nullptr : &history[0], f.format);
  if (!ok) {
    throw common::ExternalError("load of table config " + std::to_string(id) + " (" +
                                t.destination_name +
                                ") failed: " + t.last_status_message.value_or("(no message)"));
  }
}

void tick(const LoaderFlags& f) {
  loader::Scheduler scheduler(control_url(f), system_clock(), scheduler_options(f));
  print_tick(scheduler.run_once(), f.format);
}

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop = true; }

void run_scheduler(const LoaderFlags& f) {
  if (f.interval < 0) throw common::UserError("--interval must be 0 or more seconds");
  loader::Scheduler scheduler(control_url(f), system_clock(), scheduler_options(f));
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  // A handshake line for supervisors and tests: the process is ticking.
  std::printf("loader scheduler started (worker %s, control %s)\n",
              (f.worker_id.empty() ? loader::default_worker_id() : f.worker_id).c_str(),
              loader::describe_url(f.control).c_str());
  std::fflush(stdout);
  int ticks = scheduler.run_forever(f.interval, g_stop, [&](const loader::TickReport& r) {
    print_tick(r, "text");
    std::fflush(stdout);  // supervisors and tests read it line by line
    if (f.max_ticks > 0) {
      static int seen = 0;
      if (++seen >= f.max_ticks) g_stop = true;
    }
  });
  std::printf("loader scheduler stopped after %d tick(s)\n", ticks);
}

// `run` is the documented entry point: one table, one tick (--once,
// for cron and tests) or the scheduler loop.
void run(const LoaderFlags& f) {
  if (f.once && !f.table.empty()) {
    throw common::UserError(
        "loader run: give a table to load it now, or --once for one tick "
        "over every due table, not both");
  }
  if (f.once) return tick(f);
  if (!f.table.empty()) return run_one(f);
  run_scheduler(f);
}

void status(const LoaderFlags& f) {
  auto store = open_store(f);
  print_status(store.tables(), f.format);
}

void show(const LoaderFlags& f) {
  auto store = open_store(f);
  print_config(store.find_table(f.table), f.format);
}

void history(const LoaderFlags& f) {
  if (f.limit < 1) throw common::UserError("--limit must be at least 1");
  auto store = open_store(f);
  TableConfig t = store.find_table(f.table);
  print_history(t, store.history(t.config_id, f.limit), f.format);
}

void reset(const LoaderFlags& f) {
  auto store = open_store(f);
  TableConfig t = store.find_table(f.table);
  store.reset(t.config_id, system_clock().now());
  std::printf("table config %lld (%s) reset: it runs on the next tick\n", t.config_id,
              t.destination_name.c_str());
}

void retry_analysis(const LoaderFlags& f) {
  auto store = open_store(f);
  auto now = system_clock().now();
  loader::analyse_failed_loads(store, f.max_retries, loader::llm_advisor_from_env(), now);
  print_retry_analysis(store.tables(), f.format);
}

void add_control(CLI::App* c, LoaderFlags& f) {
  c->add_option("--control", f.control,
                "control database: sqlite:PATH or postgresql://host:port/db")
      ->envname("LARKBASE_LOADER_CONTROL");
}

void add_format(CLI::App* c, LoaderFlags& f) {
  c->add_option("--format", f.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

void add_table_arg(CLI::App* c, LoaderFlags& f) {
  c->add_option("table", f.table, "config id, or destination/source table name")->required();
}

void add_scheduler_flags(CLI::App* c, LoaderFlags& f) {
  c->add_option("--workers", f.workers, "loads run at once")->capture_default_str();
  c->add_option("--batch-size", f.batch_size, "rows queued per tick")->capture_default_str();
  c->add_option("--long-queued-minutes", f.long_queued_minutes, "Queued longer than this → Failed")
      ->capture_default_str();
  c->add_option("--long-running-minutes", f.long_running_minutes,
                "In Progress longer than this → cancelled, Failed")
      ->capture_default_str();
  c->add_option("--heartbeat-timeout", f.heartbeat_timeout,
                "seconds without a worker heartbeat before a load is orphaned")
      ->capture_default_str();
  c->add_option("--max-retries", f.max_retries, "automatic retries per incident")
      ->capture_default_str();
  c->add_option("--worker-id", f.worker_id, "name of this process in the control database");
  c->add_option("--fetch-rows", f.fetch_rows,
                "source rows per fetch: the most rows of one load held in memory")
      ->envname("LARKBASE_LOADER_FETCH_ROWS")
      ->capture_default_str();
  c->add_option("--delete-check-hours", f.delete_check_hours,
                "run a table's delete pass when its last one is this old (0 = every run)")
      ->envname("DATALOADER_DELETE_CHECK_HOURS")
      ->capture_default_str();
  c->add_option("--drift-check-hours", f.drift_check_hours,
                "run a drift check without deletes when its last one is this old (0 = every run)")
      ->envname("DATALOADER_DRIFT_CHECK_HOURS")
      ->capture_default_str();
}

void add_source_flags(CLI::App* c, LoaderFlags& f) {
  c->add_option("key", f.key, "source name, e.g. sales_pg")->required();
  c->add_option("--type", f.type, "postgresql, sqlite or lark")->required();
  c->add_option("--path", f.path, "sqlite: database file");
  c->add_option("--host", f.host, "postgresql: host");
  c->add_option("--port", f.port, "postgresql: port");
  c->add_option("--database", f.database, "postgresql: database name");
  c->add_option("--user", f.user, "postgresql: user");
  c->add_option("--password", f.password,
                "a reference to the password: env:NAME, file:/path or aws-sm:SECRET[#key] (never "
                "the password)");
  c->add_option("--api-url", f.api_url, "lark: Lark host, 'feishu' or the emulator's URL");
  c->add_option("--app-id", f.app_id, "lark: the app id");
  c->add_option("--app-secret", f.app_secret,
                "lark: a reference to the app secret: env:NAME, file:/path or aws-sm:SECRET[#key] "
                "(never the secret)");
  c->add_option("--base", f.base, "lark: the Base's app_token; tables are named by Lark name");
  c->add_option("--config", f.config_json, "all connection fields as one JSON object");
  c->add_option("--target-schema", f.target_schema, "default schema when used as a target");
}

void add_table_flags(CLI::App* c, LoaderFlags& f) {
  c->add_option("--source", f.source, "source name (add-source)")->required();
  c->add_option("--source-schema", f.source_schema, "schema of the source table");
  c->add_option("--source-table", f.source_table, "source table")->required();
  c->add_option("--query", f.query, "custom SELECT used instead of the table");
  c->add_option("--target", f.destination, "target name (add-source)")->required();
  c->add_option("--target-schema", f.destination_schema, "schema in the target");
  c->add_option("--target-table", f.destination_table, "table in the target");
  c->add_option("--strategy", f.strategy,
                "full, incremental, append_only, rolling, check_and_load, chunked_backfill")
      ->check(CLI::IsMember(
          {"full", "incremental", "append_only", "rolling", "check_and_load", "chunked_backfill"}))
      ->capture_default_str();
  c->add_option("--cron", f.cron, "5-field UTC cron expression")->capture_default_str();
  c->add_option("--incremental-column", f.incremental_column, "cursor column");
  c->add_option("--incremental-type", f.incremental_type, "timestamp or integer")
      ->check(CLI::IsMember({"timestamp", "integer"}));
  c->add_option("--primary-key", f.primary_key, "key columns, comma separated");
  c->add_option("--lookback-hours", f.lookback_hours, "incremental re-read window (default 12)");
  c->add_option("--rolling-column", f.rolling_column, "rolling: date column");
  c->add_option("--rolling-days", f.rolling_days, "rolling: window in days (default 90)");
  c->add_option("--delete", f.delete_mode, "reconcile source deletes: soft or hard")
      ->check(CLI::IsMember({"soft", "hard"}));
  c->add_option("--partition-column", f.partition_column, "chunked_backfill: integer key");
  c->add_option("--chunk-size", f.chunk_size, "chunked_backfill: key values per chunk");
  c->add_flag("--inactive", f.inactive, "add without scheduling it (enable it later)");
  c->add_flag("--load-full", f.load_full, "force one full reload on the next run");
  c->add_flag("--drift-check", f.drift_check,
              "count source rows missing from the target (never loads them)");
}

CLI::App* sub(CLI::App* parent, const std::string& name, const std::string& help, LoaderFlags& f) {
  auto* c = parent->add_subcommand(name, help);
  add_control(c, f);
  return c;
}

const CommandRegistration kLoader{
    "loader", [](CLI::App& app) {
      auto f = std::make_shared<LoaderFlags>();
      auto* loader = app.add_subcommand(
          "loader", "DataLoader: control-table driven loads from databases into a target");
      loader->require_subcommand(1);
      auto* c = sub(loader, "init", "create or migrate the control database", *f);
      c->callback([f] { init(*f); });
      c = sub(loader, "add-source", "add or replace a source/target database", *f);
      add_source_flags(c, *f);
      c->callback([f] { add_source(*f); });
      c = sub(loader, "add-table", "add a table load config", *f);
      add_table_flags(c, *f);
      c->callback([f] { add_table(*f); });
      for (const char* name : {"list", "status"}) {
        c = sub(loader, name, "table configs with status, last/next run, rows, message", *f);
        add_format(c, *f);
        c->callback([f] { status(*f); });
      }
      c = sub(loader, "show", "one table config in full", *f);
      add_table_arg(c, *f);
      add_format(c, *f);
      c->callback([f] { show(*f); });
      c = sub(loader, "enable", "schedule a table config", *f);
      add_table_arg(c, *f);
      c->callback([f] { set_active(*f, true); });
      c = sub(loader, "disable", "stop scheduling a table config", *f);
      add_table_arg(c, *f);
      c->callback([f] { set_active(*f, false); });
      c = sub(loader, "run",
              "run TABLE: load one table config now (exit 3 when it fails); run --once: one "
              "scheduler tick, waiting for its loads (as tick); run: the scheduler (as "
              "run-scheduler)",
              *f);
      c->add_option("table", f->table, "config id, or destination/source table name");
      c->add_flag("--once", f->once, "a single tick: monitors, queue due tables, run them");
      add_format(c, *f);
      add_scheduler_flags(c, *f);
      c->add_option("--interval", f->interval, "seconds between ticks")->capture_default_str();
      c->add_option("--max-ticks", f->max_ticks, "stop after this many ticks (0 = never)");
      c->callback([f] { run(*f); });
      c = sub(loader, "tick", "one scheduler pass: monitors, queue due tables, run them", *f);
      add_format(c, *f);
      add_scheduler_flags(c, *f);
      c->callback([f] { tick(*f); });
      c = sub(loader, "run-scheduler", "tick every --interval seconds until SIGTERM/SIGINT", *f);
      add_scheduler_flags(c, *f);
      c->add_option("--interval", f->interval, "seconds between ticks")->capture_default_str();
      c->add_option("--max-ticks", f->max_ticks, "stop after this many ticks (0 = never)");
      c->callback([f] { run_scheduler(*f); });
      c = sub(loader, "history", "the runs of one table config, newest first", *f);
      add_table_arg(c, *f);
      add_format(c, *f);
      c->add_option("--limit", f->limit, "runs shown")->capture_default_str();
      c->callback([f] { history(*f); });
      c = sub(loader, "reset", "clear a Failed/Succeeded status so it runs on the next tick", *f);
      add_table_arg(c, *f);
      c->callback([f] { reset(*f); });
      c = sub(loader, "retry-analysis", "classify failed loads now: RETRY or REVIEW", *f);
      add_format(c, *f);
      c->add_option("--max-retries", f->max_retries, "automatic retries per incident")
          ->capture_default_str();
      c->callback([f] { retry_analysis(*f); });
    }};

}  // namespace
}  // namespace larkbase::cli
