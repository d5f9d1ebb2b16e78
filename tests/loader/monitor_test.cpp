// The monitors with a fake clock on a SQLite control database: each
// threshold fires exactly when it is reached (not a second before), the
// thresholds are configurable, and the retry budget is per incident.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "loader/control_store.hpp"
#include "loader/scheduler.hpp"

namespace larkbase::loader {
namespace {

constexpr Seconds kMinute = 60;

class Monitors : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = std::filesystem::temp_directory_path() /
               ("lb-monitor-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    control_ = "sqlite:" + (dir / "control.db").string();
    store_ = std::make_unique<ControlStore>(open_db(control_));
    store_->migrate();
    store_->add_source({"s", "sqlite", R"({"path":"/nonexistent/s.db"})", std::nullopt}, 0);
    TableConfig t;
    t.db_config_key = "s";
    t.destination_key = "s";
    t.source_name = "t";
    t.destination_name = "t";
    t.strategy = "full";
    t.cron = "0 0 1 1 *";
    id_ = store_->add_table(t, 0);
  }

  Scheduler scheduler() { return Scheduler(control_, clock_, options_); }
  // Claims the row as a live worker would (worker id not of this host's
  // processes, so only its heartbeat says whether it is alive).
  long long claim() {
    auto queued = store_->queue_ready(clock_.now(), {}, "worker-x");
    EXPECT_EQ(queued.size(), 1u);
    return queued.empty() ? 0 : queued[0].run_id;
  }
  // Advances the clock by `by`, heartbeating every minute like a live worker.
  void live_for(Seconds by, long long run) {
    for (Seconds step = 0; step < by; step += kMinute) {
      clock_.advance(std::min(kMinute, by - step));
      store_->heartbeat(id_, run, clock_.now());
    }
  }
  TableConfig row() { return store_->table(id_); }

  FakeClock clock_{*parse_utc("2026-03-01 00:00:00")};
  SchedulerOptions options_;
  std::string control_;
  std::unique_ptr<ControlStore> store_;
  long long id_ = 0;
};

TEST_F(Monitors, LongQueuedFiresAtSixtyMinutesWithATruthfulMessage) {
  long long run = claim();
  live_for(60 * kMinute - 1, run);
  EXPECT_TRUE(scheduler().run_monitors().long_queued.empty());
  EXPECT_EQ(row().last_status, "Queued");
  live_for(1, run);
  EXPECT_EQ(scheduler().run_monitors().long_queued, std::vector<long long>{id_});
  // The run is closed as Failed; nothing claims to have been cancelled.
  auto last = store_->history(id_, 1).at(0);
  EXPECT_EQ(last.load_status, "Failed");
  EXPECT_EQ(last.message.value_or(""),
            "Failed: queued for 60 minutes without a worker starting it (threshold: 60 min)");
}

TEST_F(Monitors, LongQueuedThresholdIsConfigurable) {
  options_.long_queued = 5 * kMinute;
  long long run = claim();
  live_for(5 * kMinute - 1, run);
  EXPECT_TRUE(scheduler().run_monitors().long_queued.empty());
  live_for(1, run);
  EXPECT_EQ(scheduler().run_monitors().long_queued, std::vector<long long>{id_});
}

TEST_F(Monitors, LongRunningFiresAt180MinutesAndTheLoadCanNoLongerCommit) {
  long long run = claim();
  ASSERT_TRUE(store_->start(id_, run, "worker-x", clock_.now()));
  live_for(180 * kMinute - 1, run);
  EXPECT_TRUE(scheduler().run_monitors().long_running.empty());
  EXPECT_EQ(row().last_status, "In Progress");
  live_for(1, run);
  EXPECT_EQ(scheduler().run_monitors().long_running, std::vector<long long>{id_});
  auto last = store_->history(id_, 1).at(0);
  EXPECT_EQ(last.load_status, "Failed");
  EXPECT_NE(last.message.value_or("").find("running 180 minutes (threshold: 180 min)"),
            std::string::npos)
      << last.message.value_or("");
  // The cancelled worker's late success is refused: its run is over.
  LoadOutcome late;
  late.strategy_after = "full";
  EXPECT_FALSE(store_->succeed(row(), run, late, clock_.now(), clock_.now()));
  EXPECT_EQ(store_->history(id_, 1).at(0).load_status, "Failed");
}

TEST_F(Monitors, ReconcileFailsSilentWorkersAtTheHeartbeatTimeout) {
  options_.heartbeat_timeout = 10 * kMinute;
  long long run = claim();
  ASSERT_TRUE(store_->start(id_, run, "worker-x", clock_.now()));
  live_for(30 * kMinute, run);  // alive: heartbeats keep it
  EXPECT_TRUE(scheduler().run_monitors().orphaned.empty());
  clock_.advance(10 * kMinute - 1);  // silent from here
  EXPECT_TRUE(scheduler().run_monitors().orphaned.empty());
  clock_.advance(1);
  EXPECT_EQ(scheduler().run_monitors().orphaned, std::vector<long long>{id_});
  EXPECT_NE(row().last_status_message.value_or("").find("stopped reporting"), std::string::npos);
}

TEST_F(Monitors, ReconcileFailsADeadLocalWorkerAtOnce) {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);  // reaped: this pid is no process now
  std::string dead = default_worker_id();
  dead = dead.substr(0, dead.rfind(':') + 1) + std::to_string(child);
  auto queued = store_->queue_ready(clock_.now(), {}, dead);
  ASSERT_EQ(queued.size(), 1u);
  ASSERT_TRUE(store_->start(id_, queued[0].run_id, dead, clock_.now()));
  EXPECT_FALSE(local_worker_is_dead(default_worker_id()));  // this process
  EXPECT_EQ(scheduler().run_monitors().orphaned, std::vector<long long>{id_});
  EXPECT_NE(row().last_status_message.value_or("").find("no longer running"), std::string::npos);
}

TEST_F(Monitors, RetryBudgetIsPerIncidentAndResetBySuccess) {
  options_.max_retries = 3;
  auto fail_once = [&](const std::string& message) {
    long long run = claim();
    ASSERT_TRUE(store_->start(id_, run, "worker-x", clock_.now()));
    ASSERT_TRUE(store_->fail(id_, run, message, clock_.now()));
  };
  const std::string transient = "could not connect to server: Connection refused";
  // Incident 1: two failures, both retried, then a success ends it.
  for (int attempt = 1; attempt <= 2; ++attempt) {
    fail_once(transient);
    EXPECT_EQ(scheduler().run_monitors().retried, std::vector<long long>{id_});
    EXPECT_EQ(row().retry_count, attempt);
  }
  long long run = claim();
  ASSERT_TRUE(store_->start(id_, run, "worker-x", clock_.now()));
  LoadOutcome ok;
  ok.strategy_after = "full";
  ASSERT_TRUE(store_->succeed(row(), run, ok, clock_.now() + 60, clock_.now()));
  EXPECT_EQ(row().retry_count, 0);
  clock_.advance(120);
  // Incident 2: a fresh budget of three (a lifetime count would stop at one).
  for (int attempt = 1; attempt <= 3; ++attempt) {
    fail_once(transient);
    EXPECT_EQ(scheduler().run_monitors().retried, std::vector<long long>{id_});
    EXPECT_FALSE(row().last_status.has_value());  // released: due now
    EXPECT_EQ(row().retry_count, attempt);
    EXPECT_EQ(row().retry_decision.value_or(""), "RETRY");
  }
  // The fourth failure of the incident is left for a person.
  fail_once(transient);
  EXPECT_TRUE(scheduler().run_monitors().retried.empty());
  EXPECT_EQ(row().last_status, "Failed");
  // A permanent cause is marked for review, once.
  store_->reset(id_, clock_.now());
  fail_once("permission denied for table t");
  EXPECT_EQ(scheduler().run_monitors().review, std::vector<long long>{id_});
  EXPECT_EQ(row().last_status, "Failed");
  EXPECT_EQ(row().retry_decision.value_or(""), "REVIEW");
  EXPECT_GT(row().retry_confidence.value_or(0), 0.5);
  EXPECT_TRUE(scheduler().run_monitors().review.empty());
}

}  // namespace
}  // namespace larkbase::loader
