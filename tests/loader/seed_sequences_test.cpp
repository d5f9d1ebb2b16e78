// The DataLoader seed's three sequence diagrams (shared/seeds/002_*.txt), each
// as one end-to-end test on real PostgreSQL: control database, source and
// lakehouse target are databases of a throw-away cluster. Expected values
// come from independent queries of the source, never from the loader.
#include <gtest/gtest.h>

#include "loader/control_store.hpp"
#include "loader/scheduler.hpp"
#include "postgres_cluster.hpp"

namespace larkbase::loader {
namespace {

struct Lakebase {
  std::string control, target_url;
  std::unique_ptr<Db> source;
  std::string port, source_db;
  FakeClock clock{*parse_utc("2026-03-01 00:00:00")};

  Lakebase() {
    auto& cluster = testing::postgres_cluster();
    control = cluster.create_database("control");
    target_url = cluster.create_database("lake");
    source = open_db(cluster.create_database("src"));
    port = std::to_string(cluster.port());
    source_db = source->exec("SELECT current_database()").rows[0][0].value();
    source->exec_script(
        "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, amount NUMERIC(10,2), "
        "modified_date TIMESTAMP NOT NULL);"
        "INSERT INTO orders SELECT g, g * 1.5, TIMESTAMP '2024-01-01' + g * INTERVAL '1 hour' "
        "FROM generate_series(1, 400) g;");
    ControlStore store(open_db(control));
    store.migrate();
    add_source_on_port(store, port);
    std::string lake_db = open_db(target_url)->exec("SELECT current_database()").rows[0][0].value();
    store.add_source({"lake", "postgresql",
                      R"({"host":"127.0.0.1","port":")" + port + R"(","service_name":")" + lake_db +
                          R"(","user":"postgres"})",
                      std::string("bronze")},
                     clock.now());
  }

  // Re-pointing the source (add-source replaces) is how a test breaks or mends it.
  void add_source_on_port(ControlStore& store, const std::string& on_port) {
    store.add_source({"src", "postgresql",
                      R"({"host":"127.0.0.1","port":")" + on_port + R"(","service_name":")" +
                          source_db + R"(","user":"postgres"})",
                      std::nullopt},
                     clock.now());
  }

  TableConfig orders(const std::string& destination) const {
    TableConfig t;
    t.db_config_key = "src";
    t.source_name = "orders";
    t.destination_key = "lake";
    t.destination_name = destination;
    t.strategy = "incremental";
    t.incremental_column = "modified_date";
    t.incremental_type = "timestamp";
    t.lookback_hours = 0;
    t.primary_key = {"order_id"};
    t.cron = "*/15 * * * *";
    return t;
  }

  std::string source_value(const std::string& sql) {
    return source->exec(sql).rows.at(0).at(0).value_or("NULL");
  }
  std::string target_value(const std::string& sql) {
    return open_db(target_url)->exec(sql).rows.at(0).at(0).value_or("NULL");
  }
};

// Seed §1: the master sensor queries the ready tables, inserts a history row
// and sets Queued per table, the load runs (In Progress), reads above the
// stored cursor, writes the target, and records Succeeded with the new
// cursor, rows processed and the history row's end time.
TEST(SeedSequence, SuccessfulTableLoad) {
  Lakebase lb;
  long long ready = 0, inactive = 0, failed = 0;
  {
    ControlStore store(open_db(lb.control));
    ready = store.add_table(lb.orders("orders"), lb.clock.now());
    TableConfig off = lb.orders("orders_off");
    off.is_active = false;
    inactive = store.add_table(off, lb.clock.now());
    failed = store.add_table(lb.orders("orders_failed"), lb.clock.now());
    // A Failed row is not ready until it is reset or analysed (spec A1).
    store.db().exec("UPDATE table_control SET last_status = 'Failed' WHERE config_id = $1",
                    {std::to_string(failed)});
  }
  Scheduler scheduler(lb.control, lb.clock, SchedulerOptions{});
  TickReport tick = scheduler.run_once();
  EXPECT_EQ(tick.queued, 1);
  EXPECT_EQ(tick.succeeded, 1);
  ControlStore store(open_db(lb.control));
  TableConfig t = store.table(ready);
  EXPECT_EQ(t.last_status.value_or(""), "Succeeded");
  EXPECT_EQ(t.last_rows_processed.value_or(-1), 400);
  EXPECT_EQ(t.cursor_ts.value_or(""), lb.source_value("SELECT MAX(modified_date) FROM orders"));
  // Next due time from the cron: the next quarter hour after the run.
  EXPECT_EQ(format_utc(t.next_load.value_or(0)), "2026-03-01 00:15:00");
  auto history = store.history(ready);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].load_status, "Succeeded");
  EXPECT_TRUE(history[0].queued && history[0].started && history[0].ended);
  EXPECT_EQ(history[0].rows_processed.value_or(-1), 400);
  // Queued → In Progress → Succeeded, each recorded by the audit trigger.
  auto audit = store.db().exec(
      "SELECT new_status FROM table_control_history WHERE config_id = $1 ORDER BY history_id",
      {std::to_string(ready)});
  std::vector<Value> statuses;
  for (const auto& row : audit.rows) statuses.push_back(row[0]);
  EXPECT_EQ(statuses, (std::vector<Value>{"Queued", "In Progress", "Succeeded"}));
  EXPECT_EQ(lb.target_value("SELECT COUNT(*) || '|' || SUM(amount) FROM bronze.orders"),
            lb.source_value("SELECT COUNT(*) || '|' || SUM(amount) FROM orders"));
  // Not ready: inactive and Failed rows were left alone.
  EXPECT_TRUE(store.history(inactive).empty());
  EXPECT_TRUE(store.history(failed).empty());
  EXPECT_EQ(store.table(failed).last_status.value_or(""), "Failed");
}

// Seed §2: the source is unreachable, the load fails with its message, the
// failed monitor analyses it: a transient cause is RETRY (status released,
// retry counted, picked up again), a missing table is REVIEW (stays Failed).
TEST(SeedSequence, FailedLoadWithRetryAnalysis) {
  Lakebase lb;
  long long transient = 0, missing = 0;
  {
    ControlStore store(open_db(lb.control));
    lb.add_source_on_port(store, "1");  // nothing listens on port 1
    transient = store.add_table(lb.orders("orders"), lb.clock.now());
  }
  Scheduler scheduler(lb.control, lb.clock, SchedulerOptions{});
  TickReport first = scheduler.run_once();
  EXPECT_EQ(first.failed, 1);
  {
    ControlStore store(open_db(lb.control));
    TableConfig t = store.table(transient);
    EXPECT_EQ(t.last_status.value_or(""), "Failed");
    EXPECT_NE(t.last_status_message.value_or("").find("refused"), std::string::npos)
        << t.last_status_message.value_or("");
    EXPECT_EQ(store.history(transient).at(0).load_status, "Failed");
    // The table the source does not have, on the mended source.
    lb.add_source_on_port(store, lb.port);
    TableConfig gone = lb.orders("invoices");
    gone.source_name = "invoices";
    missing = store.add_table(gone, lb.clock.now());
  }
  lb.clock.advance(60);
  // This tick's failed monitor analyses the first failure (RETRY: released and
  // queued again in the same tick, now loading) while the invoices load fails.
  TickReport second = scheduler.run_once();
  EXPECT_EQ(second.monitors.retried, std::vector<long long>{transient});
  EXPECT_EQ(second.succeeded, 1);
  EXPECT_EQ(second.failed, 1);
  lb.clock.advance(60);
  TickReport third = scheduler.run_once();
  EXPECT_EQ(third.monitors.review, std::vector<long long>{missing});
  EXPECT_EQ(third.queued, 0);  // REVIEW is not picked up again
  ControlStore store(open_db(lb.control));
  TableConfig retried = store.table(transient);
  EXPECT_EQ(retried.last_status.value_or(""), "Succeeded");
  EXPECT_EQ(retried.retry_count, 0);  // the incident ended with the success
  auto history = store.history(transient);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].retry_decision.value_or(""), "RETRY");
  TableConfig review = store.table(missing);
  EXPECT_EQ(review.last_status.value_or(""), "Failed");
  EXPECT_EQ(review.retry_decision.value_or(""), "REVIEW");
  EXPECT_GT(review.retry_confidence.value_or(0), 0.5);
  EXPECT_NE(review.retry_reason.value_or("").find("missing"), std::string::npos);
  EXPECT_EQ(lb.target_value("SELECT COUNT(*) FROM bronze.orders"), "400");
}

// Seed §3: the stored cursor bounds the read (only rows above it), the
// window goes to a stage table, is merged on the primary key (updated rows
// replaced, new rows inserted), the stage is dropped, and the cursor becomes
// the MAX of the incremental column.
TEST(SeedSequence, IncrementalLoadDetails) {
  Lakebase lb;
  long long id = 0;
  {
    ControlStore store(open_db(lb.control));
    id = store.add_table(lb.orders("orders"), lb.clock.now());
  }
  Scheduler scheduler(lb.control, lb.clock, SchedulerOptions{});
  ASSERT_EQ(scheduler.run_once().succeeded, 1);
  std::string cursor = lb.source_value("SELECT MAX(modified_date) FROM orders");
  lb.source->exec_script(
      // 10 rows changed above the cursor, 5 new ones, 3 changed below it
      // (a business-date cursor never sees those: spec A16).
      "UPDATE orders SET amount = amount + 100, modified_date = TIMESTAMP '2024-03-01' + "
      "order_id * INTERVAL '1 second' WHERE order_id BETWEEN 11 AND 20;"
      "INSERT INTO orders SELECT g, 7, TIMESTAMP '2024-03-02' + g * INTERVAL '1 second' "
      "FROM generate_series(401, 405) g;"
      "UPDATE orders SET amount = 0 WHERE order_id IN (1, 2, 3);");
  lb.clock.advance(15 * 60);
  ASSERT_EQ(scheduler.run_once().succeeded, 1);
  ControlStore store(open_db(lb.control));
  auto history = store.history(id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].rows_read.value_or(-1), 15);  // only the window
  EXPECT_EQ(history[0].cursor_from.value_or(""), cursor);
  std::string max = lb.source_value("SELECT MAX(modified_date) FROM orders");
  EXPECT_EQ(store.table(id).cursor_ts.value_or(""), max);
  EXPECT_EQ(lb.target_value("SELECT MAX(modified_date) FROM bronze.orders"), max);
  // Merged, not appended: one row per key, updated values in place.
  EXPECT_EQ(
      lb.target_value("SELECT COUNT(*) || '|' || COUNT(DISTINCT order_id) FROM bronze.orders"),
      "405|405");
  EXPECT_EQ(
      lb.target_value("SELECT SUM(amount) FROM bronze.orders WHERE order_id BETWEEN 11 AND 20"),
      lb.source_value("SELECT SUM(amount) FROM orders WHERE order_id BETWEEN 11 AND 20"));
  // Rows changed below the cursor are not in the window (spec A16).
  EXPECT_EQ(lb.target_value("SELECT SUM(amount) FROM bronze.orders WHERE order_id IN (1, 2, 3)"),
            "9.00");
  // The stage table is gone.
  EXPECT_EQ(lb.target_value("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
                            "'bronze' AND table_name LIKE '%stage%'"),
            "0");
}

}  // namespace
}  // namespace larkbase::loader
