// `larkbase loader …` as an operator runs it: SQLite and PostgreSQL control
// databases, loads checked against independent queries of the source, clear
// errors, passwords never printed, and a scheduler that stops on SIGTERM.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "cli_process.hpp"
#include "common/json.hpp"
#include "loader/db.hpp"
#include "postgres_cluster.hpp"

namespace larkbase::loader {
namespace {

using common::Json;
using testing::LoaderChild;
using testing::run_loader;

std::string temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("lb-loader-cli-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

Json json_of(const testing::CliResult& r) { return common::parse_json(r.out, "loader output"); }

TEST(LoaderCliSqlite, AddRunStatusHistoryAndIncrementalReRun) {
  std::string dir = temp_dir("sqlite");
  std::string control = "--control sqlite:" + dir + "/control.db";
  auto source = open_db("sqlite:" + dir + "/src.db");
  source->exec_script(
      "CREATE TABLE orders (id INTEGER PRIMARY KEY, amount REAL, updated_at TEXT);"
      "INSERT INTO orders VALUES (1, 10, '2026-01-01 00:00:00'), (2, 20, '2026-01-02 00:00:00');");
  auto init = run_loader("init " + control);
  ASSERT_EQ(init.exit_code, 0) << init.out;
  EXPECT_NE(init.out.find("applied migration 0001"), std::string::npos) << init.out;
  EXPECT_NE(run_loader("init " + control).out.find("up to date"), std::string::npos);
  ASSERT_EQ(
      run_loader("add-source src --type sqlite --path " + dir + "/src.db " + control).exit_code, 0);
  ASSERT_EQ(
      run_loader("add-source dst --type sqlite --path " + dir + "/dst.db " + control).exit_code, 0);
  auto add = run_loader(
      "add-table --source src --source-table orders --target dst --target-table orders_b "
      "--strategy incremental --incremental-column updated_at --incremental-type timestamp "
      "--lookback-hours 0 --primary-key id " +
      control);
  ASSERT_EQ(add.exit_code, 0) << add.out;
  EXPECT_NE(add.out.find("table config 1 added"), std::string::npos) << add.out;

  auto run = run_loader("run orders_b --format json " + control);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(json_of(run)["status"], "Succeeded");
  EXPECT_EQ(json_of(run)["run"]["rows_read"], 2);
  source->exec_script(
      "UPDATE orders SET amount = 21, updated_at = '2026-01-03 00:00:00' WHERE id = 2;"
      "INSERT INTO orders VALUES (3, 30, '2026-01-04 00:00:00');");
  run = run_loader("run 1 --format json " + control);
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(json_of(run)["run"]["rows_read"], 2);  // only the changed window
  EXPECT_EQ(json_of(run)["cursor"], "2026-01-04 00:00:00");
  auto target = open_db("sqlite:" + dir + "/dst.db");
  EXPECT_EQ(target->exec("SELECT id, amount, updated_at FROM orders_b ORDER BY id").rows,
            source->exec("SELECT id, amount, updated_at FROM orders ORDER BY id").rows);

  auto status = run_loader("status --format json " + control);
  ASSERT_EQ(status.exit_code, 0) << status.out;
  ASSERT_EQ(json_of(status).size(), 1u);
  EXPECT_EQ(json_of(status)[0]["status"], "Succeeded");
  EXPECT_EQ(json_of(status)[0]["rows"], 2);
  EXPECT_FALSE(json_of(status)[0]["next_run"].is_null());
  auto text = run_loader("status " + control);
  EXPECT_NE(text.out.find("orders_b"), std::string::npos) << text.out;
  auto history = run_loader("history orders_b --format json " + control);
  ASSERT_EQ(history.exit_code, 0) << history.out;
  ASSERT_EQ(json_of(history).size(), 2u);
  EXPECT_EQ(json_of(history)[1]["cursor_to"], "2026-01-02 00:00:00");

  // Disabled configs are not ticked; enabled ones are (after a reset makes
  // it due now).
  ASSERT_EQ(run_loader("disable orders_b " + control).exit_code, 0);
  ASSERT_EQ(run_loader("reset orders_b " + control).exit_code, 0);
  auto tick = run_loader("tick --format json " + control);
  ASSERT_EQ(tick.exit_code, 0) << tick.out;
  EXPECT_EQ(json_of(tick)["queued"], 0);
  ASSERT_EQ(run_loader("enable orders_b " + control).exit_code, 0);
  tick = run_loader("tick --format json " + control);
  EXPECT_EQ(json_of(tick)["succeeded"], 1) << tick.out;
  auto show = run_loader("show 1 --format json " + control);
  EXPECT_EQ(json_of(show)["primary_key"], Json::array({"id"}));
}

// `run --once`, the issue's documented cron form: one tick that waits for its
// loads; a second tick right after queues nothing (not due yet).
TEST(LoaderCliSqlite, RunOnceIsOneTickThatWaitsForItsLoads) {
  std::string dir = temp_dir("once");
  std::string control = "--control sqlite:" + dir + "/control.db";
  auto source = open_db("sqlite:" + dir + "/src.db");
  source->exec_script(
      "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);"
      "INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c');");
  ASSERT_EQ(
      run_loader("add-source src --type sqlite --path " + dir + "/src.db " + control).exit_code, 0);
  ASSERT_EQ(
      run_loader("add-source dst --type sqlite --path " + dir + "/dst.db " + control).exit_code, 0);
  ASSERT_EQ(
      run_loader("add-table --source src --source-table items --target dst --primary-key id " +
                 control)
          .exit_code,
      0);
  auto once = run_loader("run --once --format json " + control);
  ASSERT_EQ(once.exit_code, 0) << once.all();
  EXPECT_EQ(json_of(once)["queued"], 1) << once.out;
  EXPECT_EQ(json_of(once)["succeeded"], 1) << once.out;
  // The load finished before the command returned.
  auto target = open_db("sqlite:" + dir + "/dst.db");
  EXPECT_EQ(target->exec("SELECT id, name FROM items ORDER BY id").rows,
            source->exec("SELECT id, name FROM items ORDER BY id").rows);
  once = run_loader("run --once --format json " + control);
  ASSERT_EQ(once.exit_code, 0) << once.all();
  EXPECT_EQ(json_of(once)["queued"], 0) << once.out;
  auto both = run_loader("run items --once " + control);
  EXPECT_NE(both.exit_code, 0);
  EXPECT_NE(both.all().find("not both"), std::string::npos) << both.all();
}

// `add-table --drift-check`: validated, counted by a run, shown by `status`;
// the throttle comes from DATALOADER_DRIFT_CHECK_HOURS or the flag.
TEST(LoaderCliSqlite, DriftCheckIsValidatedCountedAndShownInStatus) {
  std::string dir = temp_dir("drift");
  std::string control = "--control sqlite:" + dir + "/control.db";
  auto source = open_db("sqlite:" + dir + "/src.db");
  source->exec_script(
      "CREATE TABLE items (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL);"
      "INSERT INTO items VALUES (1, 10), (2, 20), (3, 30);");
  for (const char* name : {"src", "dst"}) {
    ASSERT_EQ(run_loader(std::string("add-source ") + name + " --type sqlite --path " + dir + "/" +
                         name + ".db " + control)
                  .exit_code,
              0);
  }
  auto full = run_loader(
      "add-table --source src --source-table items --target dst "
      "--primary-key id --drift-check " +
      control);
  EXPECT_EQ(full.exit_code, 2);
  EXPECT_NE(full.all().find("--drift-check does not apply to strategy 'full'"), std::string::npos)
      << full.all();
  auto add = run_loader(
      "add-table --source src --source-table items --target dst --strategy incremental "
      "--incremental-column seq --incremental-type integer --primary-key id --drift-check " +
      control);
  ASSERT_EQ(add.exit_code, 0) << add.all();
  ASSERT_EQ(run_loader("run items " + control).exit_code, 0);
  EXPECT_NE(run_loader("status " + control).out.find("not checked yet"), std::string::npos);
  source->exec_script("INSERT INTO items VALUES (4, 5)");  // behind the cursor (30)
  ASSERT_EQ(run_loader("run items " + control).exit_code, 0);
  auto status = run_loader("status --format json " + control);
  EXPECT_EQ(json_of(status)[0]["drift_missing_rows"], 1) << status.out;
  EXPECT_NE(run_loader("status " + control).out.find("1 missing"), std::string::npos);
  // Checked a moment ago: not due under the default 24 h, due with 0.
  source->exec_script("INSERT INTO items VALUES (5, 6)");
  auto later = run_loader("run items --format json " + control, "DATALOADER_DRIFT_CHECK_HOURS=24");
  EXPECT_NE(later.out.find("drift check not due"), std::string::npos) << later.out;
  EXPECT_EQ(json_of(run_loader("status --format json " + control))[0]["drift_missing_rows"], 1);
  ASSERT_EQ(run_loader("run items --drift-check-hours 0 " + control).exit_code, 0);
  EXPECT_EQ(json_of(run_loader("status --format json " + control))[0]["drift_missing_rows"], 2);
  auto target = open_db("sqlite:" + dir + "/dst.db");
  EXPECT_EQ(target->exec("SELECT COUNT(*) FROM items WHERE id IN (4, 5)").rows[0][0], "0");
}

TEST(LoaderCliSqlite, ErrorsNameTheObjectAndTheRemedy) {
  std::string dir = temp_dir("errors");
  std::string control = "--control sqlite:" + dir + "/control.db";
  auto none = run_loader("status");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.all().find("--control"), std::string::npos) << none.all();
  ASSERT_EQ(run_loader("add-source s --type sqlite --path " + dir + "/s.db " + control).exit_code,
            0);
  auto missing = run_loader("show nosuch " + control);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.all().find("no table config named 'nosuch'"), std::string::npos)
      << missing.all();
  auto unknown_source =
      run_loader("add-table --source s --source-table t --target lake --strategy full " + control);
  EXPECT_EQ(unknown_source.exit_code, 2);
  EXPECT_NE(unknown_source.all().find("no source named 'lake'"), std::string::npos)
      << unknown_source.all();
  auto no_column = run_loader(
      "add-table --source s --source-table t --target s --target-table t2 --strategy "
      "append_only " +
      control);
  EXPECT_EQ(no_column.exit_code, 2);
  EXPECT_NE(no_column.all().find("needs --incremental-column"), std::string::npos)
      << no_column.all();
  auto bad_cron = run_loader(
      "add-table --source s --source-table t --target s --target-table t2 --cron '61 * * * *' " +
      control);
  EXPECT_EQ(bad_cron.exit_code, 2);
  EXPECT_NE(bad_cron.all().find("minute"), std::string::npos) << bad_cron.all();
  // A failing load exits 3 with the table and the cause; the failure is
  // then analysed (a missing table is for a human to review).
  ASSERT_EQ(
      run_loader("add-table --source s --source-table gone --target s --target-table g " + control)
          .exit_code,
      0);
  auto failed = run_loader("run g " + control);
  EXPECT_EQ(failed.exit_code, 3);
  EXPECT_NE(failed.all().find("gone"), std::string::npos) << failed.all();
  auto analysis = run_loader("retry-analysis --format json " + control);
  ASSERT_EQ(analysis.exit_code, 0) << analysis.out;
  ASSERT_EQ(json_of(analysis).size(), 1u);
  EXPECT_EQ(json_of(analysis)[0]["retry_decision"], "REVIEW");
  EXPECT_GT(json_of(analysis)[0]["retry_confidence"].get<double>(), 0.5);
  auto history = run_loader("history g --format json " + control);
  EXPECT_EQ(json_of(history)[0]["retry_decision"], "REVIEW");
}

TEST(LoaderCliSecrets, ClearPasswordsAreRefusedAndNeverPrinted) {
  std::string dir = temp_dir("secrets");
  std::string control = "--control sqlite:" + dir + "/control.db";
  const std::string secret = "Hunter2SecretValue";
  auto clear = run_loader(
      "add-source pg --type postgresql --host h --port 5432 --database d --user u --password " +
      secret + " " + control);
  EXPECT_EQ(clear.exit_code, 2);
  EXPECT_NE(clear.all().find("must be a reference"), std::string::npos) << clear.all();
  EXPECT_EQ(clear.all().find(secret), std::string::npos) << clear.all();
  // A control URL with a password: every message shows it masked.
  auto bad = run_loader("status --control postgresql://u:" + secret + "@127.0.0.1:1/nodb");
  EXPECT_EQ(bad.exit_code, 3) << bad.all();
  EXPECT_NE(bad.all().find("u:***@"), std::string::npos) << bad.all();
  EXPECT_EQ(bad.all().find(secret), std::string::npos) << bad.all();
}

class LoaderCliPostgres : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& cluster = larkbase::testing::postgres_cluster();
    port_ = std::to_string(cluster.port());
    std::string control_db = cluster.create_database("clictl");
    // The cluster trusts local connections, so any password is accepted:
    // it is here to prove it is never printed.
    control_url_ = "postgresql://postgres:" + secret_ + "@127.0.0.1:" + port_ + "/" +
                   control_db.substr(control_db.rfind('/') + 1);
    control_ = "--control '" + control_url_ + "'";
    source_url_ = cluster.create_database("clisrc");
    target_url_ = cluster.create_database("clilake");
  }
  std::string db_name(const std::string& url) { return url.substr(url.rfind('/') + 1); }
  void add_pg_source(const std::string& key, const std::string& url, const std::string& extra) {
    auto r =
        run_loader("add-source " + key + " --type postgresql --host 127.0.0.1 --port " + port_ +
                   " --database " + db_name(url) + " --user postgres " + extra + " " + control_);
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }
  const std::string secret_ = "PgSecretNeverShown";
  std::string port_, control_url_, control_, source_url_, target_url_;
};

TEST_F(LoaderCliPostgres, TickLoadsDueTablesAndOutputNeverShowsThePassword) {
  auto source = open_db(source_url_);
  source->exec_script(
      "CREATE TABLE events (id BIGINT PRIMARY KEY, kind TEXT, seq BIGINT);"
      "INSERT INTO events SELECT g, 'k' || g, g FROM generate_series(1, 50) g;"
      "CREATE TABLE dims (code TEXT PRIMARY KEY, label TEXT);"
      "INSERT INTO dims VALUES ('a', 'A'), ('b', NULL);");
  std::string all_output;
  auto cli = [&](const std::string& args) {
    auto r = run_loader(args + " " + control_);
    all_output += r.all();
    return r;
  };
  ASSERT_EQ(cli("init").exit_code, 0);
  add_pg_source("src", source_url_, "--password env:LB_TEST_UNUSED_PASSWORD");
  add_pg_source("lake", target_url_, "--target-schema bronze");
  ASSERT_EQ(cli("add-table --source src --source-table events --target lake --strategy "
                "append_only --incremental-column seq --incremental-type integer --primary-key id "
                "--cron '0 0 1 1 *'")
                .exit_code,
            0);
  ASSERT_EQ(
      cli("add-table --source src --source-table dims --target lake --cron '0 0 1 1 *'").exit_code,
      0);
  // The source's password reference names an unset variable: that load
  // fails with the variable's name, the other one succeeds.
  auto tick = cli("tick --format json");
  ASSERT_EQ(tick.exit_code, 0) << tick.out;
  EXPECT_EQ(json_of(tick)["queued"], 2);
  EXPECT_EQ(json_of(tick)["failed"], 2);
  auto status = cli("status --format json");
  EXPECT_NE(json_of(status)[0]["message"].get<std::string>().find("LB_TEST_UNUSED_PASSWORD"),
            std::string::npos);
  // Fix the source (no password needed on this cluster) and reset.
  add_pg_source("src", source_url_, "");
  ASSERT_EQ(cli("reset events").exit_code, 0);
  ASSERT_EQ(cli("reset dims").exit_code, 0);
  tick = cli("tick --format json");
  EXPECT_EQ(json_of(tick)["succeeded"], 2) << tick.out << cli("status").out;
  auto target = open_db(target_url_);
  EXPECT_EQ(target->exec("SELECT id, kind, seq FROM bronze.events ORDER BY id").rows,
            source->exec("SELECT id, kind, seq FROM events ORDER BY id").rows);
  EXPECT_EQ(target->exec("SELECT code, label FROM bronze.dims ORDER BY code").rows,
            source->exec("SELECT code, label FROM dims ORDER BY code").rows);
  // Nothing is due now: a second tick queues nothing.
  tick = cli("tick --format json");
  EXPECT_EQ(json_of(tick)["queued"], 0) << tick.out;
  cli("status");
  cli("history events");
  EXPECT_EQ(all_output.find(secret_), std::string::npos) << all_output;
}

TEST_F(LoaderCliPostgres, RunSchedulerStopsCleanlyOnSigterm) {
  auto source = open_db(source_url_);
  source->exec_script("CREATE TABLE t (id BIGINT PRIMARY KEY); INSERT INTO t VALUES (1), (2);");
  ASSERT_EQ(run_loader("init " + control_).exit_code, 0);
  add_pg_source("src", source_url_, "");
  add_pg_source("lake", target_url_, "");
  ASSERT_EQ(
      run_loader("add-table --source src --source-table t --target lake " + control_).exit_code, 0);
  LoaderChild child({"run-scheduler", "--control", control_url_, "--interval", "3600"});
  std::string handshake = child.read_line();
  EXPECT_NE(handshake.find("scheduler started"), std::string::npos) << handshake;
  EXPECT_EQ(handshake.find(secret_), std::string::npos) << handshake;
  // The first tick's report line: the load ran.
  std::string first_tick = child.read_line();
  EXPECT_NE(first_tick.find("succeeded 1"), std::string::npos) << first_tick;
  child.signal(SIGTERM);
  std::string rest = child.read_rest();
  int status = child.wait();
  ASSERT_TRUE(WIFEXITED(status)) << rest;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(rest.find("stopped after 1 tick"), std::string::npos) << rest;
  EXPECT_EQ(open_db(target_url_)->exec("SELECT COUNT(*) FROM t").rows[0][0], "2");
}

}  // namespace
}  // namespace larkbase::loader
