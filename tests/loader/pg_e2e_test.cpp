#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "loader/control_store.hpp"
#include "loader/scheduler.hpp"
#include "loader/source.hpp"
#include "postgres_cluster.hpp"

namespace larkbase::loader {
namespace {

TEST(PostgresEndToEnd, ControlAndBronzeTargetOnPostgres) {
  auto& cluster = testing::postgres_cluster();
  std::string control = cluster.create_database("control");
  std::string target_url = cluster.create_database("lake");
  auto source = open_db(cluster.create_database("src"));
  source->exec_script(
      "CREATE TABLE orders (id BIGINT PRIMARY KEY, amount DOUBLE PRECISION, updated_at TIMESTAMP);"
      "INSERT INTO orders VALUES (1, 10, '2026-01-01 00:00:00.5'), (2, 20, '2026-01-02 "
      "00:00:00');");
  auto port = std::to_string(cluster.port());
  FakeClock clock(*parse_utc("2026-02-01 00:00:00"));
  {
    ControlStore store(open_db(control));
    store.migrate();
    std::string src_db = source->exec("SELECT current_database()").rows[0][0].value();
    std::string dst_db = open_db(target_url)->exec("SELECT current_database()").rows[0][0].value();
    store.add_source({"src", "postgresql",
                      R"({"host":"127.0.0.1","port":")" + port + R"(","service_name":")" + src_db +
                          R"(","user":"postgres"})",
                      std::nullopt},
                     clock.now());
    store.add_source({"lake", "postgresql",
                      R"({"host":"127.0.0.1","port":")" + port + R"(","service_name":")" + dst_db +
                          R"(","user":"postgres"})",
                      std::string("bronze")},
                     clock.now());
    TableConfig t;
    t.db_config_key = "src";
    t.source_name = "orders";
    t.destination_key = "lake";
    t.destination_name = "orders";
    t.strategy = "incremental";
    t.incremental_column = "updated_at";
    t.incremental_type = "timestamp";
    t.lookback_hours = 0;
    t.primary_key = {"id"};
    store.add_table(t, clock.now());
  }
  Scheduler scheduler(control, clock, SchedulerOptions{});
  EXPECT_EQ(scheduler.run_once().succeeded, 1);
  source->exec_script(
      "UPDATE orders SET amount = 21, updated_at = '2026-01-03 00:00:00' WHERE id = 2;"
      "INSERT INTO orders VALUES (3, 30, '2026-01-04 00:00:00');");
  clock.advance(3600);
  EXPECT_EQ(scheduler.run_once().succeeded, 1);
  auto target = open_db(target_url);
  EXPECT_EQ(target->exec("SELECT id, amount, updated_at FROM bronze.orders ORDER BY id").rows,
            source->exec("SELECT id, amount, updated_at FROM orders ORDER BY id").rows);
  ControlStore store(open_db(control));
  EXPECT_EQ(store.history(1).at(0).rows_read.value_or(-1), 2);
  // The audit trigger recorded every status change of the config.
  auto audit = store.db().exec("SELECT COUNT(*) FROM table_control_history WHERE config_id = 1");
  EXPECT_EQ(audit.rows[0][0].value(), "6");
}

}  // namespace
}  // namespace larkbase::loader

namespace larkbase::loader {
namespace {

TEST(QuerySourceTypes, PostgresQueryColumnsKeepTheirTypes) {
  auto url = testing::postgres_cluster().create_database("qtypes");
  auto db = open_db(url);
  db->exec_script(
      "CREATE TABLE orders (id BIGINT PRIMARY KEY, amount DOUBLE PRECISION, paid BOOLEAN, "
      "price NUMERIC(10,2), day DATE, updated_at TIMESTAMP, note TEXT);");
  SqlSource source(open_db(url), make_dialect("postgresql"));
  ReadSpec spec;
  spec.query =
      "SELECT id, amount, paid, price, day, updated_at, note, amount * 2 AS doubled, "
      "'#' || id AS label FROM orders";
  std::vector<std::string> kinds;
  for (const auto& c : source.columns(spec)) kinds.push_back(c.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"integer", "real", "boolean", "numeric", "date",
                                             "timestamp", "text", "real", "text"}));
}

}  // namespace
}  // namespace larkbase::loader
