// The key pass of spec §2.6 on both engines (PostgreSQL and SQLite source,
// target and control databases): the delete pass and the drift check run
// only when due, are stamped only after a completed pass, and the drift
// check counts the rows the loads missed without loading them. Expected rows
// and counts come from the test's own queries of the source and the target.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "loader/control_store.hpp"
#include "loader/scheduler.hpp"
#include "postgres_cluster.hpp"

namespace larkbase::loader {
namespace {

constexpr Seconds kHour = 3600;

class KeyCheck : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      auto& cluster = testing::postgres_cluster();
      control_ = cluster.create_database("kcctl");
      std::string src = cluster.create_database("kcsrc"), dst = cluster.create_database("kcdst");
      src_ = open_db(src);
      dst_ = open_db(dst);
      auto config = [&](const std::string& url) {
        return R"({"host":"127.0.0.1","port":")" + std::to_string(cluster.port()) +
               R"(","service_name":")" + url.substr(url.rfind('/') + 1) + R"(","user":"postgres"})";
      };
      add_sources({"src", "postgresql", config(src), std::nullopt},
                  {"dst", "postgresql", config(dst), std::string("bronze")});
      prefix_ = "bronze.";
    } else {
      auto dir = std::filesystem::temp_directory_path() /
                 ("lb-keycheck-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
      std::filesystem::remove_all(dir);
      std::filesystem::create_directories(dir);
      std::string src = (dir / "src.db").string(), dst = (dir / "dst.db").string();
      control_ = "sqlite:" + (dir / "control.db").string();
      src_ = open_db("sqlite:" + src);
      dst_ = open_db("sqlite:" + dst);
      add_sources({"src", "sqlite", R"({"path":")" + src + R"("})", std::nullopt},
                  {"dst", "sqlite", R"({"path":")" + dst + R"("})", std::nullopt});
    }
  }

  void add_sources(const SourceConfig& src, const SourceConfig& dst) {
    ControlStore store(open_db(control_));
    store.migrate();
    store.add_source(src, 0);
    store.add_source(dst, 0);
  }

  // `items(id, seq)` with ids first..last and seq = id * 10.
  void insert_items(int first, int last, const std::string& table = "items") {
    std::string sql = "INSERT INTO " + table + " VALUES ";
    for (int i = first; i <= last; ++i)
      sql += (i > first ? ", (" : "(") + std::to_string(i) + ", " + std::to_string(i * 10) + ")";
    src_->exec_script(sql);
  }

  long long add(TableConfig t) {
    t.db_config_key = "src";
    t.destination_key = "dst";
    if (t.destination_name.empty()) t.destination_name = t.source_name + "_b";
    t.strategy = "incremental";
    t.incremental_column = "seq";
    t.incremental_type = "integer";
    t.primary_key = {"id"};
    if (t.cron == TableConfig{}.cron) t.cron = "0 0 1 1 *";
    return ControlStore(open_db(control_)).add_table(t, 0);
  }

  // Runs the config now with the given throttles; returns its history row.
  HistoryRow run(long long id, int delete_hours, int drift_hours, bool expect_ok = true) {
    SchedulerOptions options;
    options.workers = 1;
    options.delete_check_hours = delete_hours;
    options.drift_check_hours = drift_hours;
    Scheduler scheduler(control_, clock_, options);
    bool ok = scheduler.run_now(id);
    HistoryRow h = ControlStore(open_db(control_)).history(id, 1).at(0);
    EXPECT_EQ(ok, expect_ok) << h.message.value_or("");
    return h;
  }
  TableConfig config(long long id) { return ControlStore(open_db(control_)).table(id); }

  std::set<std::string> ids(Db& db, const std::string& sql) {
    std::set<std::string> out;
    for (const Row& r : db.exec(sql).rows) out.insert(*r[0]);
    return out;
  }
  std::set<std::string> source_ids() { return ids(*src_, "SELECT id FROM items"); }
  std::set<std::string> target_ids(const std::string& where = "1 = 1") {
    return ids(*dst_, "SELECT id FROM " + prefix_ + "items_b WHERE " + where);
  }
  std::set<std::string> flagged() { return target_ids("is_delete"); }

  FakeClock clock_{*parse_utc("2026-03-01 00:00:00")};
  std::string control_, prefix_;
  std::unique_ptr<Db> src_, dst_;
};

std::set<std::string> ids_of(std::initializer_list<const char*> ids) {
  return {ids.begin(), ids.end()};
}

TEST_P(KeyCheck, DeletePassRunsOnlyWhenItsLastCompletedPassIsOldEnough) {
  src_->exec_script("CREATE TABLE items (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL)");
  insert_items(1, 20);
  TableConfig t;
  t.source_name = "items";
  t.is_delete = true;
  long long id = add(t);
  const Seconds start = clock_.now();
  run(id, 24, 24);  // first load: a full load, no delete pass, no stamp
  EXPECT_FALSE(config(id).deletes_checked_at.has_value());

  src_->exec_script("DELETE FROM items WHERE id = 5");
  insert_items(21, 21);
  run(id, 24, 24);  // never checked: due
  EXPECT_EQ(flagged(), ids_of({"5"}));
  EXPECT_EQ(config(id).deletes_checked_at, start);

  // 23 hours later, inside the window: the new row is merged, the deleted
  // row stays un-flagged and the stamp does not move.
  clock_.advance(23 * kHour);
  src_->exec_script("DELETE FROM items WHERE id = 6");
  insert_items(22, 22);
  HistoryRow h = run(id, 24, 24);
  EXPECT_EQ(h.rows_read.value_or(-1), 1);
  EXPECT_EQ(target_ids(),
            ids_of({"1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "10", "11",
                    "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22"}));
  EXPECT_EQ(flagged(), ids_of({"5"}));
  EXPECT_NE(h.message.value_or("").find("delete check not due"), std::string::npos)
      << h.message.value_or("");
  EXPECT_EQ(config(id).deletes_checked_at, start);

  // 24 hours after the pass it is due again, even with nothing new to load.
  clock_.advance(kHour);
  EXPECT_EQ(run(id, 24, 24).rows_read.value_or(-1), 0);
  EXPECT_EQ(flagged(), ids_of({"5", "6"}));
  EXPECT_EQ(config(id).deletes_checked_at, start + 24 * kHour);

  // 0 hours: every run, a minute later.
  clock_.advance(60);
  src_->exec_script("DELETE FROM items WHERE id = 7");
  run(id, 0, 24);
  EXPECT_EQ(flagged(), ids_of({"5", "6", "7"}));
  EXPECT_EQ(config(id).deletes_checked_at, start + 24 * kHour + 60);
  // And the live rows equal the source.
  EXPECT_EQ(target_ids("NOT is_delete"), source_ids());
}

TEST_P(KeyCheck, AFailedOrGuardedDeletePassLeavesTheStampAsItWas) {
  // Rows come from a custom query over `feed`; the delete pass reads the
  // keys of the configured table `items` (spec §2.6).
  src_->exec_script(
      "CREATE TABLE items (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL);"
      "CREATE TABLE feed (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL);");
  insert_items(1, 10);
  insert_items(1, 10, "feed");
  TableConfig t;
  t.source_name = "items";
  t.query = "SELECT id, seq FROM feed";
  t.is_delete = true;
  t.delete_mode = "hard";
  long long id = add(t);
  const Seconds start = clock_.now();
  run(id, 0, 0);
  insert_items(11, 11);
  insert_items(11, 11, "feed");
  run(id, 0, 0);
  ASSERT_EQ(config(id).deletes_checked_at, start);
  auto before = target_ids();

  // The key read fails (the table is gone): the load fails as a whole, the
  // merged row is rolled back, and the stamp stays.
  clock_.advance(kHour);
  src_->exec_script("DROP TABLE items");
  insert_items(12, 12, "feed");
  HistoryRow failed = run(id, 0, 0, false);
  EXPECT_EQ(failed.load_status, "Failed");
  EXPECT_EQ(target_ids(), before);
  EXPECT_EQ(config(id).deletes_checked_at, start);

  // The key read returns nothing while the target has rows: the zero-rows
  // guard skips the pass; the load succeeds, nothing is deleted or stamped.
  clock_.advance(kHour);
  src_->exec_script("CREATE TABLE items (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL)");
  HistoryRow guarded = run(id, 0, 0);
  EXPECT_NE(guarded.message.value_or("").find("no mass delete"), std::string::npos)
      << guarded.message.value_or("");
  before.insert("12");
  EXPECT_EQ(target_ids(), before);
  EXPECT_EQ(config(id).deletes_checked_at, start);
}

TEST_P(KeyCheck, DriftCountsRowsBehindTheCursorAndNeverLoadsThem) {
  src_->exec_script("CREATE TABLE items (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL)");
  insert_items(1, 20);  // cursor after the first load: 200
  TableConfig t;
  t.source_name = "items";
  t.drift_check = true;
  long long id = add(t);
  const Seconds start = clock_.now();
  run(id, 24, 24);
  EXPECT_FALSE(config(id).drift_missing_rows.has_value());

  // A late row behind the cursor (seq 15 < 200) and a row above it.
  src_->exec_script("INSERT INTO items VALUES (100, 15), (21, 210)");
  HistoryRow h = run(id, 24, 24);
  EXPECT_EQ(h.rows_read.value_or(-1), 1);
  auto missed = source_ids();
  for (const auto& k : target_ids()) missed.erase(k);
  EXPECT_EQ(missed, ids_of({"100"}));  // not loaded
  TableConfig c = config(id);
  EXPECT_EQ(c.drift_missing_rows, 1);
  EXPECT_EQ(c.drift_checked_at, start);
  EXPECT_NE(h.message.value_or("").find("1 source rows missing"), std::string::npos)
      << h.message.value_or("");

  // Another late row an hour later: not due, the count stays.
  clock_.advance(kHour);
  src_->exec_script("INSERT INTO items VALUES (101, 16)");
  h = run(id, 24, 24);
  EXPECT_NE(h.message.value_or("").find("drift check not due"), std::string::npos)
      << h.message.value_or("");
  EXPECT_EQ(config(id).drift_missing_rows, 1);
  EXPECT_EQ(config(id).drift_checked_at, start);

  // A day after the check, with nothing new to load: counted again.
  clock_.advance(23 * kHour);
  EXPECT_EQ(run(id, 24, 24).rows_read.value_or(-1), 0);
  missed = source_ids();
  for (const auto& k : target_ids()) missed.erase(k);
  EXPECT_EQ(missed, ids_of({"100", "101"}));
  EXPECT_EQ(config(id).drift_missing_rows, static_cast<long long>(missed.size()));
  EXPECT_EQ(config(id).drift_checked_at, start + 24 * kHour);

  // The control view shows the drift columns with the config's values
  // (PostgreSQL fixes a view's `c.*` columns when the view is created).
  auto control = open_db(control_);
  const std::string cols = "drift_check, drift_checked_at, drift_missing_rows";
  const std::string where = " WHERE config_id = " + std::to_string(id);
  auto from_view = control->exec("SELECT " + cols + " FROM dataloader_control_vw" + where).rows;
  EXPECT_EQ(from_view, control->exec("SELECT " + cols + " FROM table_control" + where).rows);
  ASSERT_EQ(from_view.size(), 1u);
  EXPECT_EQ(from_view[0][2], std::to_string(missed.size()));
}

TEST_P(KeyCheck, DriftRidesOnTheDeletePassAndSkipsCustomQueries) {
  src_->exec_script("CREATE TABLE items (id BIGINT PRIMARY KEY, seq BIGINT NOT NULL)");
  insert_items(1, 20);
  TableConfig t;
  t.source_name = "items";
  t.is_delete = true;
  t.drift_check = true;
  long long id = add(t);
  const Seconds start = clock_.now();
  run(id, 24, 0);
  src_->exec_script("DELETE FROM items WHERE id = 3; INSERT INTO items VALUES (100, 15)");
  run(id, 24, 0);
  EXPECT_EQ(flagged(), ids_of({"3"}));
  EXPECT_EQ(config(id).drift_missing_rows, 1);
  EXPECT_EQ(config(id).drift_checked_at, start);
  // With deletes on the drift check has no throttle of its own (drift hours
  // 0 here): it runs with the delete pass only.
  clock_.advance(kHour);
  src_->exec_script("INSERT INTO items VALUES (101, 16)");
  run(id, 24, 0);
  EXPECT_EQ(config(id).drift_missing_rows, 1);
  EXPECT_EQ(config(id).drift_checked_at, start);

  TableConfig q;
  q.source_name = "items";
  q.query = "SELECT id, seq FROM items";
  q.drift_check = true;
  q.destination_name = "items_q";
  q.cron = "1 0 1 1 *";
  long long qid = add(q);
  run(qid, 0, 0);
  src_->exec_script("INSERT INTO items VALUES (102, 17)");
  HistoryRow h = run(qid, 0, 0);
  EXPECT_NE(h.message.value_or("").find("drift check skipped: custom-query table"),
            std::string::npos)
      << h.message.value_or("");
  EXPECT_FALSE(config(qid).drift_missing_rows.has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, KeyCheck, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace larkbase::loader
