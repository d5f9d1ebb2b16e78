#include "loader/scheduler.hpp"

#include <unistd.h>

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
  report.orphaned = store_.reconcile_orphans(now, options_.heartbeat_timeout);
  for (const TableConfig& t : store_.failed_for_analysis(options_.max_retries)) {
    RetryDecision d = classify_failure(t.last_status_message.value_or(""));
    store_.record_retry_decision(t.config_id, d.decision, d.confidence, d.reason, now);
    (d.decision == "RETRY" ? report.retried : report.review).push_back(t.config_id);
  }
  return report;
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
    auto source_db = connect(*source_config);
    SqlSource source(std::move(source_db), make_dialect(source_config->db_type));
    Target target(connect(*target_config), t.destination_schema
                                               ? t.destination_schema
                                               : target_config->default_target_schema);
    LoadHooks hooks;
    hooks.still_ours = [&] {
      TableConfig now = store.table(t.config_id);
      return now.last_status == "In Progress" && now.current_run_id == load.run_id;
    };
    hooks.on_chunk = [&](long long mark) {
      store.save_backfill_progress(t.config_id, load.run_id, mark);
      store.heartbeat(t.config_id, load.run_id, clock_.now());
    };
    LoadRunner runner(t, source, target, clock_.now(), hooks);
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
  std::mutex mutex;
  std::condition_variable done_cv;
  std::size_t next = 0;
  int running = 0;
  std::set<std::pair<long long, long long>> in_flight;
  auto worker = [&] {
    for (;;) {
      QueuedLoad load;
      {
        std::lock_guard lock(mutex);
        if (next >= queued.size()) break;
        load = queued[next++];
        in_flight.insert({load.table.config_id, load.run_id});
      }
      bool ok = execute(load);
      std::lock_guard lock(mutex);
      in_flight.erase({load.table.config_id, load.run_id});
      (ok ? report.succeeded : report.failed)++;
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
      auto snapshot = in_flight;
      lock.unlock();
      for (const auto& [config_id, run_id] : snapshot)
        store_.heartbeat(config_id, run_id, clock_.now());
      lock.lock();
    }
  }
  for (auto& th : threads) th.join();
  return report;
}

void Scheduler::run_forever(Seconds interval, const std::atomic<bool>& stop) {
  while (!stop) {
    TickReport r = run_once();
    spdlog::info("loader: tick queued {}, succeeded {}, failed {}", r.queued, r.succeeded,
                 r.failed);
    for (Seconds waited = 0; waited < interval && !stop; ++waited) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
}

}  // namespace larkbase::loader
