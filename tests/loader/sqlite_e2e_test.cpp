#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "loader/control_store.hpp"
#include "loader/scheduler.hpp"
#include "loader/source.hpp"

namespace larkbase::loader {
namespace {

TEST(SqliteEndToEnd, IncrementalLoadMatchesSourceAndCountsWindowRows) {
  auto dir = std::filesystem::temp_directory_path() / ("lb-loader-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string src = (dir / "src.db").string(), dst = (dir / "dst.db").string();
  std::string control = "sqlite:" + (dir / "control.db").string();
  auto source = open_db("sqlite:" + src);
  source->exec_script(
      "CREATE TABLE orders (id INTEGER PRIMARY KEY, amount REAL, updated_at TEXT);"
      "INSERT INTO orders VALUES (1, 10, '2026-01-01 00:00:00'), (2, 20, '2026-01-02 00:00:00');");
  FakeClock clock(*parse_utc("2026-02-01 00:00:00"));
  {
    ControlStore store(open_db(control));
    store.migrate();
    EXPECT_TRUE(store.migrate().empty());
    store.add_source({"src", "sqlite", "{\"path\":\"" + src + "\"}", std::nullopt}, clock.now());
    store.add_source({"dst", "sqlite", "{\"path\":\"" + dst + "\"}", std::nullopt}, clock.now());
    TableConfig t;
    t.db_config_key = "src";
    t.source_name = "orders";
    t.destination_key = "dst";
    t.destination_name = "orders_bronze";
    t.strategy = "incremental";
    t.incremental_column = "updated_at";
    t.incremental_type = "timestamp";
    t.lookback_hours = 0;
    t.primary_key = {"id"};
    t.cron = "0 * * * *";
    store.add_table(t, clock.now());
  }
  SchedulerOptions options;
  options.workers = 2;
  Scheduler scheduler(control, clock, options);
  auto first = scheduler.run_once();
  EXPECT_EQ(first.succeeded, 1);
  source->exec_script(
      "UPDATE orders SET amount = 21, updated_at = '2026-01-03 00:00:00' WHERE id = 2;"
      "INSERT INTO orders VALUES (3, 30, '2026-01-04 00:00:00');");
  clock.advance(3600);
  auto second = scheduler.run_once();
  EXPECT_EQ(second.succeeded, 1);
  ControlStore store(open_db(control));
  auto history = store.history(1);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].rows_read.value_or(-1), 2);  // only the changed window
  auto target = open_db("sqlite:" + dst);
  auto rows = target->exec("SELECT id, amount FROM orders_bronze ORDER BY id").rows;
  auto expected = source->exec("SELECT id, amount FROM orders ORDER BY id").rows;
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(store.table(1).last_status.value_or(""), "Succeeded");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace larkbase::loader

namespace larkbase::loader {
namespace {

// A custom --query keeps its columns' declared types (not all text), so the
// target gets typed columns; an expression SQLite cannot type stays text.
TEST(QuerySourceTypes, SqliteQueryColumnsKeepTheirDeclaredTypes) {
  auto dir = std::filesystem::temp_directory_path() / ("lb-loader-q-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto db = open_db("sqlite:" + (dir / "src.db").string());
  db->exec_script(
      "CREATE TABLE orders (id INTEGER PRIMARY KEY, amount REAL, paid BOOLEAN, "
      "updated_at TIMESTAMP, note TEXT);"
      "INSERT INTO orders VALUES (1, 2.5, 1, '2026-01-01 00:00:00', 'a');");
  SqlSource source(open_db("sqlite:" + (dir / "src.db").string()), make_dialect("sqlite"));
  ReadSpec spec;
  spec.query =
      "SELECT o.id, o.amount, o.paid, o.updated_at, o.note, o.amount * 2 AS doubled "
      "FROM orders o";
  std::vector<std::string> kinds;
  for (const auto& c : source.columns(spec)) kinds.push_back(c.kind);
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"integer", "real", "boolean", "timestamp", "text", "text"}));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace larkbase::loader
