#include "loader/scheduler.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "common/error.hpp"
#include "common/log.hpp"
#include "loader/connections.hpp"
#include "loader/cron.hpp"
#include "loader/load_runner.hpp"
#include "loader/retry_classifier.hpp"

namespace larkbase::loader {

std::string default_worker_id() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

Scheduler::Scheduler(std::string control_url, const Clock& clock, SchedulerOptions options)
    : control_url_(std::move(control_url)),
      clock_(clock),
      options_(std::move(options)),
      store_(open_db(control_url_)) {
  if (options_.worker_id.empty()) options_.worker_id = default_worker_id();
  if (options_.workers < 1) throw common::UserError("--workers must be at least 1");
  if (options_.delete_check_hours < 0 || options_.drift_check_hours < 0) {
    throw common::UserError(
        "--delete-check-hours and --drift-check-hours must be 0 (every run) or more");
  }
  store_.migrate();
}

MonitorReport Scheduler::run_monitors() {
  MonitorReport report;
  Seconds now = clock_.now();
  report.long_queued = store_.fail_long_queued(now, options_.long_queued);
  for (const QueuedLoad& load : store_.long_running(now, options_.long_running)) {
    // Failing the row cancels the load: its worker checks before every commit
    // and rolls back, so the target and cursor stay as they were.
    std::string message = "Failed: cancelled after running " +
                          std::to_string((now - load.table.last_load.value_or(now)) / 60) +
                          " minutes (threshold: " + std::to_string(options_.long_running / 60) +
                          " min)";
    if (store_.fail(load.table.config_id, load.run_id, message, now)) {
      report.long_running.push_back(load.table.config_id);
    }
  }
  report.orphaned = store_.reconcile_orphans(now, options_.heartbeat_timeout, local_worker_is_dead);
  for (const auto& [id, d] :
       analyse_failed_loads(store_, options_.max_retries, options_.llm, now)) {
    (d.decision == "RETRY" ? report.retried : report.review).push_back(id);
  }
  return report;
}

std::vector<std::pair<long long, RetryDecision>> analyse_failed_loads(
    ControlStore& store, int max_retries, const std::optional<LlmAdvisorConfig>& llm, Seconds now) {
  std::vector<std::pair<long long, RetryDecision>> out;
  for (const TableConfig& t : store.failed_for_analysis(max_retries)) {
    auto source = store.source(t.db_config_key);
    FailureContext failure{t.destination_name, t.strategy, source ? source->db_type : "",
                           t.last_status_message.value_or("")};
    RetryDecision d = advise_retry(failure, llm);
    store.record_retry_decision(t.config_id, d, now);
    out.emplace_back(t.config_id, std::move(d));
  }
  return out;
}

bool Scheduler::execute(const QueuedLoad& load) {
  ControlStore store(open_db(control_url_));
  const TableConfig& t = load.table;
  if (!store.start(t.config_id, load.run_id, options_.worker_id, clock_.now())) return false;
  long long rows_read = 0;
  try {
    auto source_config = store.source(t.db_config_key);
    auto target_config = store.source(t.destination_key);
    if (!source_config || !target_config) {
      throw common::UserError("source or destination database config is missing");
    }
    auto source = open_source(*source_config);
    Target target(connect(*target_config), t.destination_schema
                                               ? t.destination_schema
                                               : target_config->default_target_schema);
    LoadHooks hooks;
    hooks.fetch_rows = options_.fetch_rows;
    hooks.delete_check_hours = options_.delete_check_hours;
    hooks.drift_check_hours = options_.drift_check_hours;
    hooks.still_ours = [&] {
      TableConfig now = store.table(t.config_id);
      return now.last_status == "In Progress" && now.current_run_id == load.run_id;
    };
    hooks.on_chunk = [&](long long mark) {
      store.save_backfill_progress(t.config_id, load.run_id, mark);
      store.heartbeat(t.config_id, load.run_id, clock_.now());
    };
    LoadRunner runner(t, *source, target, clock_.now(), hooks);
    spdlog::info("loader: {} ({}) starting, strategy {}", t.destination_name, t.config_id,
                 t.strategy);
    LoadOutcome outcome = runner.run();
    rows_read = outcome.rows_read;
    Seconds now = clock_.now();
    Seconds next = CronExpression::parse(t.cron).next_after(now);
    spdlog::info("loader: {} ({}) succeeded: {}", t.destination_name, t.config_id, outcome.message);
    return store.succeed(t, load.run_id, outcome, next, now);
  } catch (const std::exception& e) {
    std::string message = "table " + t.destination_name + " (config " +
                          std::to_string(t.config_id) + ", " + t.strategy + "): " + e.what();
    spdlog::warn("loader: {}", message);
    store.fail(t.config_id, load.run_id, message, clock_.now(), rows_read);
    return false;
  }
}

TickReport Scheduler::run_once() {
  TickReport report;
  report.monitors = run_monitors();
  auto queued =
      store_.queue_ready(clock_.now(), options_.limits, options_.worker_id, &report.deferred);
  report.queued = static_cast<int>(queued.size());
  auto [ok, failed] = run_loads(queued);
  report.succeeded = ok;
  report.failed = failed;
  return report;
}

bool Scheduler::run_now(long long config_id) {
  QueuedLoad load = store_.queue_one(config_id, clock_.now(), options_.worker_id);
  return run_loads({load}).first == 1;
}

std::pair<int, int> Scheduler::run_loads(const std::vector<QueuedLoad>& queued) {
  std::mutex mutex;
  std::condition_variable done_cv;
  std::size_t next = 0;
  int running = 0, succeeded = 0, failed = 0;
  // Every load of this batch not finished yet, started or still waiting for
  // a worker thread: this process reports them all as alive.
  std::set<std::pair<long long, long long>> pending;
  for (const auto& load : queued) pending.insert({load.table.config_id, load.run_id});
  auto worker = [&] {
    for (;;) {
      QueuedLoad load;
      {
        std::lock_guard lock(mutex);
        if (next >= queued.size()) break;
        load = queued[next++];
      }
      bool ok = false;
      try {
        ok = execute(load);
      } catch (const std::exception& e) {
        // The control database failed while recording the load: its row is
        // left to the monitors (heartbeat timeout) once the database is back.
        spdlog::warn("loader: config {} run {}: control database failed: {}", load.table.config_id,
                     load.run_id, e.what());
      }
      std::lock_guard lock(mutex);
      pending.erase({load.table.config_id, load.run_id});
      (ok ? succeeded : failed)++;
    }
    std::lock_guard lock(mutex);
    --running;
    done_cv.notify_all();
  };
  std::vector<std::thread> threads;
  int count = std::min<int>(options_.workers, static_cast<int>(queued.size()));
  running = count;
  for (int i = 0; i < count; ++i) threads.emplace_back(worker);
  {
    // While loads run, this process reports that it is alive for each of
    // them, so the reconcile monitor of another process leaves them alone.
    std::unique_lock lock(mutex);
    while (running > 0) {
      if (done_cv.wait_for(lock, std::chrono::seconds(options_.heartbeat_interval),
                           [&] { return running == 0; })) {
        break;
      }
      auto snapshot = pending;
      lock.unlock();
      for (const auto& [config_id, run_id] : snapshot)
        store_.heartbeat(config_id, run_id, clock_.now());
      lock.lock();
    }
  }
  for (auto& th : threads) th.join();
  return {succeeded, failed};
}

int Scheduler::run_forever(Seconds interval, const std::atomic<bool>& stop,
                           const std::function<void(const TickReport&)>& on_tick) {
  int ticks = 0;
  bool reconnect = false;
  while (!stop) {
    TickReport r;
    try {
      // A connection that saw the server go away stays broken: open anew.
      if (reconnect) store_ = ControlStore(open_db(control_url_));
      reconnect = false;
      r = run_once();
      spdlog::info("loader: tick queued {}, succeeded {}, failed {}", r.queued, r.succeeded,
                   r.failed);
    } catch (const common::ExternalError& e) {
      reconnect = true;
      r = TickReport{};
      r.control_error = e.what();
      spdlog::warn("loader: tick failed on the control database; retrying at the next tick: {}",
                   e.what());
    }
    ++ticks;
    if (on_tick) on_tick(r);
    // Short steps so that a stop request (SIGTERM) is seen within 100 ms;
    // the loads of a tick always finish first, so nothing is left half done.
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(interval);
    while (!stop && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  return ticks;
}

bool local_worker_is_dead(const std::string& worker_id) {
  auto colon = worker_id.rfind(':');
  if (colon == std::string::npos) return false;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  if (worker_id.substr(0, colon) != host) return false;
  std::string pid_text = worker_id.substr(colon + 1);
  if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  // kill(pid, 0) probes without signalling; ESRCH means no such process.
  return ::kill(static_cast<pid_t>(std::stol(pid_text)), 0) != 0 && errno == ESRCH;
}

}  // namespace larkbase::loader
