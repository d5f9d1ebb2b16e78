#pragma once
// `larkbase loader run`: the master sensor tick, a worker pool, and the
// monitors, over one control database that several processes may share.
#include <atomic>
#include <string>
#include <vector>

#include "loader/control_store.hpp"
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
  std::string worker_id;                // host:pid by default
};

struct MonitorReport {
  std::vector<long long> long_queued, long_running, orphaned, retried, review;
};

struct TickReport {
  MonitorReport monitors;
  std::vector<std::string> deferred;  // backfills waiting for their source
  int queued = 0, succeeded = 0, failed = 0;
};

class Scheduler {
 public:
  Scheduler(std::string control_url, const Clock& clock, SchedulerOptions options);
  MonitorReport run_monitors();
  // One tick: monitors, queue ready rows, run them, wait for all of them.
  TickReport run_once();
  // Ticks every `interval` seconds until `stop` is set.
  void run_forever(Seconds interval, const std::atomic<bool>& stop);
  // Runs one claimed load to its end state (public for kill tests).
  bool execute(const QueuedLoad& load);

 private:
  std::string control_url_;
  const Clock& clock_;
  SchedulerOptions options_;
  ControlStore store_;
};

std::string default_worker_id();

}  // namespace larkbase::loader
