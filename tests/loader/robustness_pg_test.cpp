// Kill tests and concurrent schedulers, with real processes on a real
// PostgreSQL. Loads are held at a known point by locks the test owns (a row
// lock on the target's cursor row, an advisory lock inside a source view),
// so every kill lands exactly where the test says, with no timing guesses.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "cli_process.hpp"
#include "common/json.hpp"
#include "loader/control_store.hpp"
#include "postgres_cluster.hpp"

namespace larkbase::loader {
namespace {

using testing::LoaderChild;
using testing::run_loader;

// Polls `done` until it holds (at most 60 s): waiting on a condition.
template <typename Predicate>
bool wait_until(Predicate done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

class RobustnessPg : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& cluster = larkbase::testing::postgres_cluster();
    control_ = cluster.create_database("rbctl");
    src_url_ = cluster.create_database("rbsrc");
    dst_url_ = cluster.create_database("rblake");
    src_ = open_db(src_url_);
    dst_ = open_db(dst_url_);
    ControlStore store(open_db(control_));
    store.migrate();
    auto config = [&](const std::string& url) {
      return R"({"host":"127.0.0.1","port":")" + std::to_string(cluster.port()) +
             R"(","service_name":")" + name(url) + R"(","user":"postgres"})";
    };
    store.add_source({"src", "postgresql", config(src_url_), std::nullopt}, 0);
    store.add_source({"lake", "postgresql", config(dst_url_), std::string("bronze")}, 0);
  }
  static std::string name(const std::string& url) { return url.substr(url.rfind('/') + 1); }

  long long add(TableConfig t) {
    t.db_config_key = "src";
    t.destination_key = "lake";
    if (t.destination_name.empty()) t.destination_name = t.source_name;
    t.cron = "0 0 1 1 *";
    return ControlStore(open_db(control_)).add_table(t, 0);
  }
  std::string control_flag() const { return "--control " + control_; }
  // Backends of `db_url`'s database (other than `self`) waiting on `event`.
  // `self` must not be inside a transaction: PostgreSQL keeps one snapshot
  // of pg_stat_activity per transaction.
  std::vector<std::string> waiting(Db& self, const std::string& db_url,
                                   const std::string& wait_type) {
    std::vector<std::string> pids;
    for (const Row& r : self.exec("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND "
                                  "wait_event_type = $2 AND pid <> pg_backend_pid()",
                                  {name(db_url), wait_type})
                            .rows) {
      pids.push_back(*r[0]);
    }
    return pids;
  }
  TableConfig control_row(long long id) { return ControlStore(open_db(control_)).table(id); }

  std::string control_, src_url_, dst_url_;
  std::unique_ptr<Db> src_, dst_;
};

TEST_F(RobustnessPg, KilledIncrementalLoadLeavesTargetAndCursorAndNextTickHeals) {
  src_->exec_script(
      "CREATE TABLE orders (id BIGINT PRIMARY KEY, v TEXT, seq BIGINT NOT NULL);"
      "INSERT INTO orders SELECT g, 'v' || g, g FROM generate_series(1, 100) g;");
  TableConfig t;
  t.source_name = "orders";
  t.strategy = "incremental";
  t.incremental_column = "seq";
  t.incremental_type = "integer";
  t.primary_key = {"id"};
  long long id = add(t);
  ASSERT_EQ(run_loader("run orders " + control_flag()).exit_code, 0);
  auto before = dst_->exec("SELECT id, v, seq FROM bronze.orders ORDER BY id").rows;
  src_->exec_script(
      "UPDATE orders SET v = 'changed', seq = seq + 1000 WHERE id <= 10;"
      "INSERT INTO orders SELECT g, 'v' || g, g + 1000 FROM generate_series(101, 120) g;");
  // Hold the config's cursor row: the load merges its rows, then waits to
  // write its cursor — inside its one transaction, before commit.
  auto holder = open_db(dst_url_);
  holder->begin();
  holder->exec("SELECT * FROM bronze.larkbase_load_state WHERE config_id = $1 FOR UPDATE",
               {std::to_string(id)});
  LoaderChild child({"run", "orders", "--control", control_});
  std::vector<std::string> blocked;
  ASSERT_TRUE(wait_until([&] {
    blocked = waiting(*dst_, dst_url_, "Lock");
    return !blocked.empty();
  })) << child.read_rest();
  child.signal(SIGKILL);
  child.wait();
  // The killed client's server session would otherwise finish the statement
  // and roll back when it finds the client gone; end it now.
  for (const auto& pid : blocked) holder->exec("SELECT pg_terminate_backend($1)", {pid});
  holder->rollback();
  EXPECT_EQ(dst_->exec("SELECT id, v, seq FROM bronze.orders ORDER BY id").rows, before);
  EXPECT_EQ(dst_->exec("SELECT cursor_int FROM bronze.larkbase_load_state WHERE config_id = $1",
                       {std::to_string(id)})
                .rows[0][0],
            "100");
  EXPECT_EQ(control_row(id).last_status, "In Progress");
  // One tick: the dead worker's row is failed (its process is gone), the
  // failure is analysed as retryable, and the load runs again, exactly.
  auto tick = run_loader("tick --format json " + control_flag());
  ASSERT_EQ(tick.exit_code, 0) << tick.all();
  auto report = common::parse_json(tick.out, "tick");
  EXPECT_EQ(report["orphaned"], common::Json::array({id}));
  EXPECT_EQ(report["retried"], common::Json::array({id}));
  EXPECT_EQ(report["succeeded"], 1);
  EXPECT_EQ(dst_->exec("SELECT id, v, seq FROM bronze.orders ORDER BY id").rows,
            src_->exec("SELECT id, v, seq FROM orders ORDER BY id").rows);
  auto history = ControlStore(open_db(control_)).history(id);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].load_status, "Succeeded");
  EXPECT_EQ(history[0].rows_read.value_or(-1), 30);
  EXPECT_EQ(history[1].load_status, "Failed");
  EXPECT_NE(history[1].message.value_or("").find("no longer running"), std::string::npos);
  EXPECT_EQ(history[1].retry_decision.value_or(""), "RETRY");
}

TEST_F(RobustnessPg, KilledBackfillResumesFromItsLastChunkWithNothingLostOrDuplicated) {
  // The view computes `body` through a function that waits on advisory lock
  // 4242 for ids from 50: the chunk [41, 51) blocks while the test holds it.
  // (STABLE, so MIN/MAX over the view never evaluate it.)
  src_->exec_script(
      "CREATE TABLE big (id BIGINT PRIMARY KEY, rev BIGINT NOT NULL, body TEXT);"
      "INSERT INTO big SELECT g, g, 'b' || g FROM generate_series(1, 120) g;"
      "CREATE FUNCTION gated(b TEXT, id BIGINT) RETURNS TEXT STABLE LANGUAGE plpgsql AS $$"
      "BEGIN IF id >= 50 THEN PERFORM pg_advisory_lock_shared(4242);"
      "PERFORM pg_advisory_unlock_shared(4242); END IF; RETURN b; END $$;"
      "CREATE VIEW big_v AS SELECT id, rev, gated(body, id) AS body FROM big;");
  TableConfig t;
  t.source_name = "big_v";
  t.destination_name = "big";
  t.strategy = "chunked_backfill";
  t.partition_column = "id";
  t.chunk_size = 10;
  t.incremental_column = "rev";
  t.incremental_type = "integer";
  t.primary_key = {"id"};
  long long id = add(t);
  auto gate = open_db(src_url_);
  gate->exec("SELECT pg_advisory_lock(4242)");
  LoaderChild child({"run", "big", "--control", control_});
  std::vector<std::string> blocked;
  ASSERT_TRUE(wait_until([&] {
    blocked = waiting(*src_, src_url_, "Lock");
    return !blocked.empty();
  }));
  // Chunks [1,11) … [31,41) committed; [41,51) is being read.
  EXPECT_EQ(control_row(id).backfill_cursor.value_or(-1), 41);
  child.signal(SIGKILL);
  child.wait();
  for (const auto& pid : blocked) gate->exec("SELECT pg_terminate_backend($1)", {pid});
  gate->exec("SELECT pg_advisory_unlock(4242)");
  // The destination does not exist yet (the backfill builds a shadow table);
  // the shadow holds exactly the committed chunks.
  EXPECT_TRUE(dst_->exec("SELECT 1 FROM information_schema.tables WHERE table_schema = 'bronze' "
                         "AND table_name = 'big'")
                  .rows.empty());
  EXPECT_EQ(dst_->exec("SELECT COUNT(*), MAX(id) FROM bronze.big__backfill_" + std::to_string(id))
                .rows[0],
            (Row{std::string("40"), std::string("40")}));
  auto tick = run_loader("tick --format json " + control_flag());
  ASSERT_EQ(tick.exit_code, 0) << tick.all();
  EXPECT_EQ(common::parse_json(tick.out, "tick")["succeeded"], 1) << tick.out;
  auto history = ControlStore(open_db(control_)).history(id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_NE(history[0].message.value_or("").find("(resumed)"), std::string::npos)
      << history[0].message.value_or("");
  // Only the rows from the mark were read again.
  EXPECT_EQ(history[0].rows_read.value_or(-1),
            std::stoll(*src_->exec("SELECT COUNT(*) FROM big WHERE id >= 41").rows[0][0]));
  EXPECT_EQ(dst_->exec("SELECT id, rev, body FROM bronze.big ORDER BY id").rows,
            src_->exec("SELECT id, rev, body FROM big ORDER BY id").rows);
  EXPECT_EQ(control_row(id).strategy, "incremental");
}

TEST_F(RobustnessPg, TwoSchedulerProcessesNeverRunOneConfigTwice) {
  // Every load reads through a view that waits on advisory lock 77 while the
  // test holds it, so both processes claim their first batch before any
  // load finishes: the claims really race.
  src_->exec_script(
      "CREATE FUNCTION gated(v BIGINT) RETURNS BIGINT STABLE LANGUAGE plpgsql AS $$"
      "BEGIN PERFORM pg_advisory_lock_shared(77); PERFORM pg_advisory_unlock_shared(77);"
      "RETURN v; END $$;");
  const int kTables = 24;
  std::vector<long long> ids;
  for (int i = 0; i < kTables; ++i) {
    std::string n = "t" + std::to_string(i);
    src_->exec_script("CREATE TABLE " + n + "_base (id BIGINT PRIMARY KEY);INSERT INTO " + n +
                      "_base SELECT generate_series(1, " + std::to_string(i + 1) +
                      "); CREATE VIEW " + n + " AS SELECT gated(id) AS id FROM " + n + "_base;");
    TableConfig t;
    t.source_name = n;
    t.strategy = "full";
    ids.push_back(add(t));
  }
  auto gate = open_db(src_url_);
  gate->exec("SELECT pg_advisory_lock(77)");
  auto scheduler = [&](const std::string& worker) {
    return std::make_unique<LoaderChild>(std::vector<std::string>{
        "run-scheduler", "--control", control_, "--interval", "0", "--max-ticks", "12",
        "--batch-size", "3", "--workers", "3", "--worker-id", worker});
  };
  auto a = scheduler("worker-a");
  auto b = scheduler("worker-b");
  auto control = open_db(control_);
  ASSERT_TRUE(wait_until([&] {
    auto r = control->exec(
        "SELECT COUNT(DISTINCT worker_id) FROM table_control WHERE last_status IN ('Queued', "
        "'In Progress')");
    return r.rows[0][0] == "2";
  }));
  gate->exec("SELECT pg_advisory_unlock(77)");
  std::string out_a = a->read_rest(), out_b = b->read_rest();
  EXPECT_EQ(a->wait(), 0) << out_a;
  EXPECT_EQ(b->wait(), 0) << out_b;
  // A final tick picks up anything the two left (none should be left
  // unless both ran out of ticks); then every table ran exactly once.
  ASSERT_EQ(run_loader("tick " + control_flag()).exit_code, 0);
  auto runs = control->exec(
      "SELECT config_id, COUNT(*), MIN(load_status), MAX(load_status) FROM historical_metadata "
      "GROUP BY config_id ORDER BY config_id");
  ASSERT_EQ(runs.rows.size(), static_cast<std::size_t>(kTables));
  for (const Row& r : runs.rows) {
    EXPECT_EQ(r[1], "1") << "config " << *r[0] << " ran more than once";
    EXPECT_EQ(r[2], "Succeeded") << "config " << *r[0];
    EXPECT_EQ(r[3], "Succeeded") << "config " << *r[0];
  }
  auto workers = control->exec("SELECT DISTINCT worker_id FROM historical_metadata").rows;
  std::set<std::string> names;
  for (const Row& r : workers) names.insert(*r[0]);
  EXPECT_TRUE(names.count("worker-a") && names.count("worker-b"));
  for (int i = 0; i < kTables; ++i) {
    EXPECT_EQ(dst_->exec("SELECT COUNT(*) FROM bronze.t" + std::to_string(i)).rows[0][0],
              std::to_string(i + 1));
  }
}

}  // namespace
}  // namespace larkbase::loader
