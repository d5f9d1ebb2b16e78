// The strategies on the embedded engine: SQLite source, target and control
// files. Expected rows are computed from the source (and earlier snapshots)
// by the test's own queries; a second run with no change loads nothing new.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "loader/control_store.hpp"
#include "loader/scheduler.hpp"

namespace larkbase::loader {
namespace {

class StrategySqlite : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = std::filesystem::temp_directory_path() /
               ("lb-strategy-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::string src = (dir / "src.db").string(), dst = (dir / "dst.db").string();
    control_ = "sqlite:" + (dir / "control.db").string();
    src_ = open_db("sqlite:" + src);
    dst_ = open_db("sqlite:" + dst);
    ControlStore store(open_db(control_));
    store.migrate();
    store.add_source({"src", "sqlite", R"({"path":")" + src + R"("})", std::nullopt}, 0);
    store.add_source({"dst", "sqlite", R"({"path":")" + dst + R"("})", std::nullopt}, 0);
    SchedulerOptions options;
    options.workers = 1;
    // These tests check what a delete pass does on every run; the throttle
    // (spec §2.6) has its own tests in key_check_test.cpp.
    options.delete_check_hours = 0;
    options.fetch_rows = 16;  // every load below spans several batches
    scheduler_ = std::make_unique<Scheduler>(control_, clock_, options);
    // 1..200 for seeding tables.
    src_->exec_script(
        "CREATE TABLE n (i INTEGER PRIMARY KEY);"
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 200) "
        "INSERT INTO n SELECT i FROM r;");
  }

  long long add(TableConfig t) {
    t.db_config_key = "src";
    t.destination_key = "dst";
    if (t.destination_name.empty()) t.destination_name = t.source_name + "_b";
    t.cron = "0 0 1 1 *";
    return ControlStore(open_db(control_)).add_table(t, 0);
  }
  HistoryRow run(long long id) {
    bool ok = scheduler_->run_now(id);
    HistoryRow h = ControlStore(open_db(control_)).history(id, 1).at(0);
    EXPECT_TRUE(ok) << h.message.value_or("");
    return h;
  }
  std::vector<Row> target(const std::string& sql) { return dst_->exec(sql).rows; }
  std::vector<Row> source(const std::string& sql) { return src_->exec(sql).rows; }

  FakeClock clock_{*parse_utc("2026-02-01 00:00:00")};
  std::string control_;
  std::unique_ptr<Db> src_, dst_;
  std::unique_ptr<Scheduler> scheduler_;
};

TEST_F(StrategySqlite, AppendOnlySubSecondCursorNeitherSkipsNorDuplicates) {
  src_->exec_script(
      "CREATE TABLE ticks (id INTEGER PRIMARY KEY, at TEXT NOT NULL);"
      "INSERT INTO ticks SELECT i, '2026-01-01 00:00:' || printf('%02d', i % 60) || '.5' "
      "FROM n WHERE i <= 59;");
  TableConfig t;
  t.source_name = "ticks";
  t.strategy = "append_only";
  t.incremental_column = "at";
  t.incremental_type = "timestamp";
  t.primary_key = {"id"};
  long long id = add(t);
  EXPECT_EQ(run(id).rows_read.value_or(-1), 59);
  // Same second as the cursor (…:59.5), a little later: must be appended once.
  src_->exec_script(
      "INSERT INTO ticks VALUES (100, '2026-01-01 00:00:59.500001'), (101, '2026-01-01 "
      "00:00:59.9');");
  EXPECT_EQ(run(id).rows_read.value_or(-1), 2);
  EXPECT_EQ(run(id).rows_read.value_or(-1), 0);
  EXPECT_EQ(target("SELECT id, at FROM ticks_b ORDER BY id"),
            source("SELECT id, at FROM ticks ORDER BY id"));
}

TEST_F(StrategySqlite, RollingKeepsOldRowsAndMirrorsTheWindow) {
  src_->exec_script(
      "CREATE TABLE facts (id INTEGER PRIMARY KEY, day TEXT NOT NULL, v TEXT);"
      "INSERT INTO facts SELECT i, date('2026-01-01', '+' || i || ' days'), 'v' || i FROM n "
      "WHERE i <= 30;");
  TableConfig t;
  t.source_name = "facts";
  t.strategy = "rolling";
  t.rolling_column = "day";
  t.rolling_days = 10;  // window from 2026-01-22
  t.primary_key = {"id"};
  long long id = add(t);
  run(id);
  auto old_rows = source("SELECT id, day, v FROM facts WHERE day < '2026-01-22' ORDER BY id");
  src_->exec_script(
      "UPDATE facts SET v = 'new' WHERE id IN (3, 25); DELETE FROM facts WHERE id IN (2, 27);");
  run(id);
  auto expected = old_rows;  // outside the window: as first loaded
  for (const Row& r : source("SELECT id, day, v FROM facts WHERE day >= '2026-01-22' ORDER BY id"))
    expected.push_back(r);
  EXPECT_EQ(target("SELECT id, day, v FROM facts_b ORDER BY id"), expected);
  run(id);
  EXPECT_EQ(target("SELECT id, day, v FROM facts_b ORDER BY id"), expected);
}

TEST_F(StrategySqlite, CheckAndLoadAndChunkedBackfillAreExact) {
  src_->exec_script(
      "CREATE TABLE prices (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, p REAL);"
      "INSERT INTO prices SELECT i, 1, i * 0.5 FROM n WHERE i <= 40;"
      "CREATE TABLE big (id INTEGER PRIMARY KEY, rev INTEGER NOT NULL, body TEXT);"
      "INSERT INTO big SELECT i, i, 'b' || i FROM n WHERE i % 3 <> 0;"
      "INSERT INTO big VALUES (5000, 5000, 'max');");
  TableConfig c;
  c.source_name = "prices";
  c.strategy = "check_and_load";
  c.incremental_column = "version";
  c.incremental_type = "integer";
  c.primary_key = {"id"};
  long long cid = add(c);
  EXPECT_EQ(run(cid).rows_read.value_or(-1), 40);
  EXPECT_EQ(run(cid).rows_read.value_or(-1), 0);
  src_->exec_script(
      "UPDATE prices SET version = 2, p = 9 WHERE id = 4; DELETE FROM prices "
      "WHERE id = 5;");
  EXPECT_EQ(run(cid).rows_read.value_or(-1), 39);
  EXPECT_EQ(target("SELECT id, version, p FROM prices_b ORDER BY id"),
            source("SELECT id, version, p FROM prices ORDER BY id"));

  TableConfig b;
  b.source_name = "big";
  b.strategy = "chunked_backfill";
  b.partition_column = "id";
  b.chunk_size = 13;
  b.incremental_column = "rev";
  b.incremental_type = "integer";
  b.primary_key = {"id"};
  long long bid = add(b);
  auto expected = source("SELECT id, rev, body FROM big ORDER BY id");
  EXPECT_EQ(run(bid).rows_read.value_or(-1), static_cast<long long>(expected.size()));
  EXPECT_EQ(target("SELECT id, rev, body FROM big_b ORDER BY id"), expected);
  EXPECT_EQ(run(bid).rows_read.value_or(-1), 0);  // now incremental, nothing new
  EXPECT_EQ(target("SELECT COUNT(*) FROM big_b")[0][0], std::to_string(expected.size()));
}

TEST_F(StrategySqlite, SoftDeletesFlagOnceAndRestore) {
  src_->exec_script(
      "CREATE TABLE items (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL);"
      "INSERT INTO items SELECT i, i FROM n WHERE i <= 50;");
  TableConfig t;
  t.source_name = "items";
  t.strategy = "incremental";
  t.incremental_column = "seq";
  t.incremental_type = "integer";
  t.primary_key = {"id"};
  t.is_delete = true;
  long long id = add(t);
  run(id);
  src_->exec_script("DELETE FROM items WHERE id IN (10, 20); INSERT INTO items VALUES (51, 51);");
  run(id);
  EXPECT_EQ(target("SELECT id, seq FROM items_b WHERE NOT is_delete ORDER BY id"),
            source("SELECT id, seq FROM items ORDER BY id"));
  EXPECT_EQ(target("SELECT id, deleted_at FROM items_b WHERE is_delete ORDER BY id"),
            (std::vector<Row>{{std::string("10"), std::string("2026-02-01 00:00:00")},
                              {std::string("20"), std::string("2026-02-01 00:00:00")}}));
  clock_.advance(3600);
  src_->exec_script("INSERT INTO items VALUES (20, 52), (53, 53);");
  run(id);
  EXPECT_EQ(target("SELECT id FROM items_b WHERE is_delete"),
            (std::vector<Row>{{std::string("10")}}));
  EXPECT_EQ(target("SELECT deleted_at FROM items_b WHERE id = 10")[0][0], "2026-02-01 00:00:00");
}

}  // namespace
}  // namespace larkbase::loader
