#pragma once
// The control database: sources, table configs, the run history and every
// status transition. One class serves PostgreSQL and SQLite; the few dialect
// differences (row claims) are inside. Every status write is guarded by the
// run id it belongs to, so a monitor and a worker never overwrite each other.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loader/control_types.hpp"
#include "loader/db.hpp"
#include "loader/retry_classifier.hpp"

namespace larkbase::loader {

struct QueuedLoad {
  TableConfig table;
  long long run_id = 0;  // historical_metadata.id
};

struct QueueLimits {
  int batch_size = 48;  // rows queued per tick
};

class ControlStore {
 public:
  explicit ControlStore(std::unique_ptr<Db> db);
  Db& db() { return *db_; }

  std::vector<std::string> migrate();

  void add_source(const SourceConfig& source, Seconds now);
  std::optional<SourceConfig> source(const std::string& key);
  long long add_table(const TableConfig& table, Seconds now);
  std::vector<TableConfig> tables();
  TableConfig table(long long config_id);
  // By config id (digits) or destination table name; errors when ambiguous.
  TableConfig find_table(const std::string& name_or_id);

  // The master sensor's tick: claims ready rows (skipping rows other processes
  // hold), at most one chunked backfill per source database, inserts their
  // history rows and sets them Queued, all in one transaction.
  std::vector<QueuedLoad> queue_ready(Seconds now, const QueueLimits& limits,
                                      const std::string& worker_id,
                                      std::vector<std::string>* deferred = nullptr);
  // Claims one config for a run now (`larkbase loader run TABLE`), whatever
  // its due time or last status; refused while it is queued or running.
  QueuedLoad queue_one(long long config_id, Seconds now, const std::string& worker_id);
  // Queued → In Progress; false when the run was taken away meanwhile.
  bool start(long long config_id, long long run_id, const std::string& worker_id, Seconds now);
  void heartbeat(long long config_id, long long run_id, Seconds now);
  bool succeed(const TableConfig& table, long long run_id, const LoadOutcome& outcome,
               Seconds next_due, Seconds now);
  bool fail(long long config_id, long long run_id, const std::string& message, Seconds now,
            long long rows_read = 0);
  // Saves chunked backfill progress (after the chunk's data committed).
  void save_backfill_progress(long long config_id, long long run_id, long long mark);

  // Monitors. Each returns the config ids it acted on.
  std::vector<long long> fail_long_queued(Seconds now, Seconds threshold);
  std::vector<QueuedLoad> long_running(Seconds now, Seconds threshold);
  // Queued or In Progress rows whose worker has not reported within
  // `heartbeat_timeout`, or that `known_dead` says is gone (a process of this
  // host that no longer exists), become Failed.
  using WorkerCheck = std::function<bool(const std::string& worker_id)>;
  std::vector<long long> reconcile_orphans(Seconds now, Seconds heartbeat_timeout,
                                           const WorkerCheck& known_dead = {});
  std::vector<TableConfig> failed_for_analysis(int max_retries);
  // The decision, confidence, reason and advisor, on the row and its run.
  void record_retry_decision(long long config_id, const RetryDecision& decision, Seconds now);

  void set_active(long long config_id, bool active, Seconds now);

  // Clears a Failed/Succeeded status so the table runs on the next tick;
  // refused while a load is queued or running.
  void reset(long long config_id, Seconds now);
  std::vector<HistoryRow> history(long long config_id, int limit = 50);

 private:
  // Inserts the history row and sets the config Queued (caller's transaction).
  QueuedLoad mark_queued(TableConfig table, Seconds now, const std::string& worker_id);
  std::unique_ptr<Db> db_;
};

}  // namespace larkbase::loader
