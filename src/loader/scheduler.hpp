#pragma once
// `larkbase loader run`: the master sensor tick, a worker pool, and the
// monitors, over one control database that several processes may share.
#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loader/control_store.hpp"
#include "loader/llm_advisor.hpp"
#include "loader/time_util.hpp"

namespace larkbase::loader {

struct SchedulerOptions {
  int workers = 4;
  QueueLimits limits;
  Seconds long_queued = 60 * 60;        // Queued longer → Failed
  Seconds long_running = 180 * 60;      // In Progress longer → cancelled, Failed
  Seconds heartbeat_timeout = 10 * 60;  // no heartbeat for longer → orphan, Failed
  Seconds heartbeat_interval = 30;      // how often a live process reports
  int max_retries = 3;                  // automatic retries per incident
  std::size_t fetch_rows = 0;           // source rows per fetch; 0 = 100,000
  int delete_check_hours = 24;          // delete pass throttle; 0 = every run
  int drift_check_hours = 24;           // drift check throttle when deletes are off
  std::string worker_id;                // host:pid by default
  std::optional<LlmAdvisorConfig> llm;  // retry advisor; rules only when empty
};

struct MonitorReport {
  std::vector<long long> long_queued, long_running, orphaned, retried, review;
};

struct TickReport {
  MonitorReport monitors;
  std::vector<std::string> deferred;  // backfills waiting for their source
  int queued = 0, succeeded = 0, failed = 0;
  // Set when the tick failed on the control database (run_forever retries
  // at the next tick with a new connection).
  std::string control_error;
};

class Scheduler {
 public:
  Scheduler(std::string control_url, const Clock& clock, SchedulerOptions options);
  MonitorReport run_monitors();
  // One tick: monitors, queue ready rows, run them, wait for all of them.
  TickReport run_once();
  // Claims one config now (whatever its due time) and runs it; false when
  // the load failed (the reason is in its status message and history).
  bool run_now(long long config_id);
  // Ticks every `interval` seconds until `stop` is set; returns the ticks run.
  // A tick that fails on the control database (server down, connection lost)
  // is reported in TickReport::control_error and retried at the next tick.
  int run_forever(Seconds interval, const std::atomic<bool>& stop,
                  const std::function<void(const TickReport&)>& on_tick = {});
  // Runs one claimed load to its end state (public for kill tests).
  bool execute(const QueuedLoad& load);

 private:
  // Runs claimed loads on the worker pool, heartbeating them; {ok, failed}.
  std::pair<int, int> run_loads(const std::vector<QueuedLoad>& queued);
  std::string control_url_;
  const Clock& clock_;
  SchedulerOptions options_;
  ControlStore store_;
};

// The failed monitor's retry analysis: decides and records RETRY/REVIEW for
// every failed config still within `max_retries`; the decisions by config id.
std::vector<std::pair<long long, RetryDecision>> analyse_failed_loads(
    ControlStore& store, int max_retries, const std::optional<LlmAdvisorConfig>& llm, Seconds now);

std::string default_worker_id();
// True when `worker_id` (host:pid) is a process of this host that no longer
// exists: its loads can be failed at once, without waiting for the heartbeat.
bool local_worker_is_dead(const std::string& worker_id);

}  // namespace larkbase::loader
