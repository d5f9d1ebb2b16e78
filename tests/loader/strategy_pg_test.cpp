// Every load strategy against real PostgreSQL source, target and control
// databases. Each test computes the rows the target must hold from its own
// queries of the source (and of earlier snapshots), never from the loader,
// and checks that a second run with no source change loads nothing new.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "loader/control_store.hpp"
#include "loader/scheduler.hpp"
#include "postgres_cluster.hpp"

namespace larkbase::loader {
namespace {

class StrategyPg : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& cluster = testing::postgres_cluster();
    control_ = cluster.create_database("stctl");
    std::string src_url = cluster.create_database("stsrc");
    std::string dst_url = cluster.create_database("stlake");
    src_ = open_db(src_url);
    dst_ = open_db(dst_url);
    ControlStore store(open_db(control_));
    store.migrate();
    auto config = [&](const std::string& url) {
      return R"({"host":"127.0.0.1","port":")" + std::to_string(cluster.port()) +
             R"(","service_name":")" + url.substr(url.rfind('/') + 1) + R"(","user":"postgres"})";
    };
    store.add_source({"src", "postgresql", config(src_url), std::nullopt}, clock_.now());
    store.add_source({"lake", "postgresql", config(dst_url), std::string("bronze")}, clock_.now());
    SchedulerOptions options;
    options.workers = 1;
    // These tests check what a delete pass does on every run; the throttle
    // (spec §2.6) has its own tests in key_check_test.cpp.
    options.delete_check_hours = 0;
    scheduler_ = std::make_unique<Scheduler>(control_, clock_, options);
  }

  long long add(TableConfig t) {
    t.db_config_key = "src";
    t.destination_key = "lake";
    if (t.destination_name.empty()) t.destination_name = t.source_name;
    t.cron = "0 0 1 1 *";
    ControlStore store(open_db(control_));
    return store.add_table(t, clock_.now());
  }

  // Runs the config now and returns its history row; the run must succeed.
  HistoryRow run(long long id) {
    bool ok = scheduler_->run_now(id);
    ControlStore store(open_db(control_));
    HistoryRow h = store.history(id, 1).at(0);
    EXPECT_TRUE(ok) << h.message.value_or("");
    EXPECT_EQ(h.load_status, "Succeeded") << h.message.value_or("");
    return h;
  }

  std::vector<Row> target(const std::string& sql) { return dst_->exec(sql).rows; }
  std::vector<Row> source(const std::string& sql) { return src_->exec(sql).rows; }
  long long target_count(const std::string& table) {
    return std::stoll(*dst_->exec("SELECT COUNT(*) FROM bronze." + table).rows[0][0]);
  }
  void expect_unique_ids(const std::string& table) {
    auto r = dst_->exec("SELECT COUNT(*), COUNT(DISTINCT id) FROM bronze." + table).rows[0];
    EXPECT_EQ(r[0], r[1]) << "duplicate ids in bronze." << table;
  }

  FakeClock clock_{*parse_utc("2026-02-01 00:00:00")};
  std::string control_;
  std::unique_ptr<Db> src_, dst_;
  std::unique_ptr<Scheduler> scheduler_;
};

TEST_F(StrategyPg, AppendOnlyIntegerCursorAppendsOnlyNewRowsOnce) {
  src_->exec_script(
      "CREATE TABLE events (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL, payload TEXT);"
      "INSERT INTO events SELECT g, g * 10, 'p' || g FROM generate_series(1, 40) g;");
  TableConfig t;
  t.source_name = "events";
  t.strategy = "append_only";
  t.incremental_column = "seq";
  t.incremental_type = "integer";
  t.primary_key = {"id"};
  long long id = add(t);
  EXPECT_EQ(run(id).rows_read.value_or(-1), 40);
  auto first = source("SELECT id, seq, payload FROM events ORDER BY id");
  // New rows above the cursor, and an edit below it (append_only never
  // re-reads below its cursor, spec A17: the edit must not show up).
  src_->exec_script(
      "INSERT INTO events SELECT g, g * 10, 'p' || g FROM generate_series(41, 55) g;"
      "UPDATE events SET payload = 'edited' WHERE id = 3;");
  EXPECT_EQ(run(id).rows_read.value_or(-1), 15);
  auto expected = first;
  for (const Row& r : source("SELECT id, seq, payload FROM events WHERE seq > 400 ORDER BY id"))
    expected.push_back(r);
  EXPECT_EQ(target("SELECT id, seq, payload FROM bronze.events ORDER BY id"), expected);
  // Re-run: nothing new, nothing duplicated.
  EXPECT_EQ(run(id).rows_read.value_or(-1), 0);
  EXPECT_EQ(target("SELECT id, seq, payload FROM bronze.events ORDER BY id"), expected);
  expect_unique_ids("events");
}

TEST_F(StrategyPg, AppendOnlySubSecondTimestampCursorIsExact) {
  // Spec §8.15: cursors floored to seconds skip or duplicate rows that
  // share a second. Ours are exact.
  src_->exec_script(
      "CREATE TABLE ticks (id BIGINT PRIMARY KEY, at TIMESTAMP(6) NOT NULL);"
      "INSERT INTO ticks VALUES (1, '2026-01-01 00:00:00.100'), (2, '2026-01-01 "
      "00:00:00.500');");
  TableConfig t;
  t.source_name = "ticks";
  t.strategy = "append_only";
  t.incremental_column = "at";
  t.incremental_type = "timestamp";
  t.primary_key = {"id"};
  long long id = add(t);
  run(id);
  src_->exec_script(
      "INSERT INTO ticks VALUES (3, '2026-01-01 00:00:00.500001'), (4, '2026-01-01 "
      "00:00:00.9');");
  EXPECT_EQ(run(id).rows_read.value_or(-1), 2);
  EXPECT_EQ(run(id).rows_read.value_or(-1), 0);
  EXPECT_EQ(target("SELECT id, at FROM bronze.ticks ORDER BY id"),
            source("SELECT id, at FROM ticks ORDER BY id"));
}

TEST_F(StrategyPg, RollingWindowMergesAndDeletesOnlyInsideTheWindow) {
  src_->exec_script(
      "CREATE TABLE facts (id BIGINT PRIMARY KEY, day DATE NOT NULL, v TEXT);"
      "INSERT INTO facts SELECT g, DATE '2026-01-01' + g, 'v' || g FROM generate_series(0, "
      "30) g;");
  TableConfig t;
  t.source_name = "facts";
  t.strategy = "rolling";
  t.rolling_column = "day";
  t.rolling_days = 10;  // now 2026-02-01 → window from 2026-01-22
  t.primary_key = {"id"};
  long long id = add(t);
  run(id);
  auto before = source("SELECT id, day, v FROM facts ORDER BY id");
  src_->exec_script(
      "UPDATE facts SET v = 'in-window edit' WHERE id = 25;"  // 2026-01-26
      "UPDATE facts SET v = 'old edit' WHERE id = 5;"         // 2026-01-06: outside
      "DELETE FROM facts WHERE id IN (28, 2);"                // inside, outside
      "INSERT INTO facts VALUES (31, '2026-01-31', 'new');");
  HistoryRow h = run(id);
  // Expected: outside the window the first snapshot stays as it was (old
  // rows are never pruned or updated); inside it the source now.
  std::map<std::string, Row> expected;
  for (const Row& r : before)
    if (*r[1] < "2026-01-22") expected[*r[0]] = r;
  for (const Row& r : source("SELECT id, day, v FROM facts WHERE day >= '2026-01-22'"))
    expected[*r[0]] = r;
  std::vector<Row> expected_rows;
  for (auto& [key, row] : expected) expected_rows.push_back(row);
  std::sort(expected_rows.begin(), expected_rows.end(),
            [](const Row& a, const Row& b) { return std::stoll(*a[0]) < std::stoll(*b[0]); });
  EXPECT_EQ(target("SELECT id, day, v FROM bronze.facts ORDER BY id"), expected_rows);
  EXPECT_EQ(h.rows_read.value_or(-1), 10);  // ids 21..30 minus 28, plus 31
  // Re-run: the same window, the same table.
  run(id);
  EXPECT_EQ(target("SELECT id, day, v FROM bronze.facts ORDER BY id"), expected_rows);
  // An empty source window never wipes the target's window (spec A25).
  src_->exec_script("DELETE FROM facts WHERE day >= '2026-01-22'");
  EXPECT_EQ(run(id).rows_read.value_or(-1), 0);
  EXPECT_EQ(target("SELECT id, day, v FROM bronze.facts ORDER BY id"), expected_rows);
}

TEST_F(StrategyPg, CheckAndLoadReloadsWholeTableOnlyWhenTheCursorMoved) {
  src_->exec_script(
      "CREATE TABLE prices (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, price NUMERIC);"
      "INSERT INTO prices SELECT g, 1, g * 1.5 FROM generate_series(1, 20) g;");
  TableConfig t;
  t.source_name = "prices";
  t.strategy = "check_and_load";
  t.incremental_column = "version";
  t.incremental_type = "integer";
  t.primary_key = {"id"};
  long long id = add(t);
  EXPECT_EQ(run(id).rows_read.value_or(-1), 20);
  // No change above the cursor: nothing read, even though a row vanished
  // (check_and_load only looks at its cursor).
  src_->exec_script("DELETE FROM prices WHERE id = 20");
  EXPECT_EQ(run(id).rows_read.value_or(-1), 0);
  EXPECT_EQ(target_count("prices"), 20);
  // A change above the cursor: the whole table is reloaded, deletes included.
  src_->exec_script("UPDATE prices SET version = 2, price = 99 WHERE id = 7");
  EXPECT_EQ(run(id).rows_read.value_or(-1), 19);
  auto expected = source("SELECT id, version, price FROM prices ORDER BY id");
  EXPECT_EQ(target("SELECT id, version, price FROM bronze.prices ORDER BY id"), expected);
  EXPECT_EQ(run(id).rows_read.value_or(-1), 0);
  EXPECT_EQ(target("SELECT id, version, price FROM bronze.prices ORDER BY id"), expected);
}

TEST_F(StrategyPg, ChunkedBackfillLoadsEveryRowIncludingMaxThenHandsOver) {
  // Keys with gaps and a far MAX: the last chunk must include MAX (§8.1).
  src_->exec_script(
      "CREATE TABLE big (id BIGINT PRIMARY KEY, rev BIGINT NOT NULL, body TEXT);"
      "INSERT INTO big SELECT g, g, 'b' || g FROM generate_series(1, 100) g WHERE g % 7 <> 0;"
      "INSERT INTO big VALUES (1000, 1000, 'max row');");
  TableConfig t;
  t.source_name = "big";
  t.strategy = "chunked_backfill";
  t.partition_column = "id";
  t.chunk_size = 9;
  t.incremental_column = "rev";
  t.incremental_type = "integer";
  t.primary_key = {"id"};
  long long id = add(t);
  HistoryRow h = run(id);
  auto expected = source("SELECT id, rev, body FROM big ORDER BY id");
  EXPECT_EQ(h.rows_read.value_or(-1), static_cast<long long>(expected.size()));
  EXPECT_EQ(target("SELECT id, rev, body FROM bronze.big ORDER BY id"), expected);
  ControlStore store(open_db(control_));
  TableConfig after = store.table(id);
  EXPECT_EQ(after.strategy, "incremental");
  EXPECT_EQ(after.cursor_int.value_or(-1), 1000);
  EXPECT_FALSE(after.backfill_cursor.has_value());
  // Now incremental: a re-run reads nothing; a new row is merged once.
  EXPECT_EQ(run(id).rows_read.value_or(-1), 0);
  src_->exec_script(
      "INSERT INTO big VALUES (1001, 1001, 'late');"
      "UPDATE big SET rev = 1002, body = 'changed' WHERE id = 50;");
  EXPECT_EQ(run(id).rows_read.value_or(-1), 2);
  EXPECT_EQ(target("SELECT id, rev, body FROM bronze.big ORDER BY id"),
            source("SELECT id, rev, body FROM big ORDER BY id"));
  expect_unique_ids("big");
}

TEST_F(StrategyPg, IncrementalLookbackCatchesLateRowsAndSoftDeletesFlagAndRestore) {
  src_->exec_script(
      "CREATE TABLE orders (id BIGINT PRIMARY KEY, amount BIGINT, updated_at TIMESTAMP);"
      "INSERT INTO orders SELECT g, g, TIMESTAMP '2026-01-10 00:00:00' + g * INTERVAL '1 "
      "hour' FROM generate_series(1, 30) g;");
  TableConfig t;
  t.source_name = "orders";
  t.strategy = "incremental";
  t.incremental_column = "updated_at";
  t.incremental_type = "timestamp";
  t.lookback_hours = 2;
  t.primary_key = {"id"};
  t.is_delete = true;
  t.delete_mode = "soft";
  long long id = add(t);
  run(id);
  // Cursor is 2026-01-11 06:00 (id 30). A late row committed with a time one
  // hour below the cursor is inside the 2 h lookback; a deleted row is
  // flagged, not removed.
  src_->exec_script(
      "INSERT INTO orders VALUES (31, 31, '2026-01-11 05:00:00');"
      "DELETE FROM orders WHERE id = 4;");
  HistoryRow h = run(id);
  EXPECT_EQ(h.rows_read.value_or(-1), 3);  // 04:00 < t: ids 29, 30 and the late 31
  auto live =
      target("SELECT id, amount, updated_at FROM bronze.orders WHERE NOT is_delete ORDER BY id");
  EXPECT_EQ(live, source("SELECT id, amount, updated_at FROM orders ORDER BY id"));
  auto deleted = target("SELECT id, deleted_at FROM bronze.orders WHERE is_delete");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0][0], "4");
  EXPECT_EQ(deleted[0][1], "2026-02-01 00:00:00");
  // Re-run: nothing new, the flag date stays the first-seen date.
  clock_.advance(86400);
  run(id);
  EXPECT_EQ(target("SELECT deleted_at FROM bronze.orders WHERE id = 4")[0][0],
            "2026-02-01 00:00:00");
  expect_unique_ids("orders");
  // The row comes back: restored.
  src_->exec_script("INSERT INTO orders VALUES (4, 4, '2026-01-10 04:00:00')");
  run(id);
  EXPECT_EQ(target("SELECT COUNT(*) FROM bronze.orders WHERE is_delete")[0][0], "0");
}

TEST_F(StrategyPg, HardDeletesRemoveRowsButAnEmptyKeySetNeverWipesTheTarget) {
  // Rows come from a custom query over `items_feed`; delete reconciliation
  // reads the keys of the configured table `items` (spec §2.6).
  src_->exec_script(
      "CREATE TABLE items (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL);"
      "INSERT INTO items SELECT g, g FROM generate_series(1, 10) g;"
      "CREATE TABLE items_feed AS SELECT * FROM items;");
  TableConfig t;
  t.source_name = "items";
  t.query = "SELECT id, seq FROM items_feed";
  t.strategy = "incremental";
  t.incremental_column = "seq";
  t.incremental_type = "integer";
  t.primary_key = {"id"};
  t.is_delete = true;
  t.delete_mode = "hard";
  long long id = add(t);
  run(id);
  src_->exec_script(
      "DELETE FROM items WHERE id IN (2, 9); DELETE FROM items_feed WHERE id IN (2, 9);"
      "INSERT INTO items VALUES (11, 11); INSERT INTO items_feed VALUES (11, 11);");
  EXPECT_EQ(run(id).rows_read.value_or(-1), 1);
  EXPECT_EQ(target("SELECT id, seq FROM bronze.items ORDER BY id::bigint"),
            source("SELECT id, seq FROM items ORDER BY id"));
  // Spec A24: a key read that returns nothing while the target has rows is a
  // broken source, not a reason to delete everything: the new row is
  // merged, nothing is deleted.
  auto before = target("SELECT id, seq FROM bronze.items ORDER BY id::bigint");
  src_->exec_script("DELETE FROM items; INSERT INTO items_feed VALUES (12, 12);");
  HistoryRow h = run(id);
  EXPECT_NE(h.message.value_or("").find("no mass delete"), std::string::npos)
      << h.message.value_or("");
  before.push_back({std::string("12"), std::string("12")});
  EXPECT_EQ(target("SELECT id, seq FROM bronze.items ORDER BY id::bigint"), before);
}

}  // namespace
}  // namespace larkbase::loader
