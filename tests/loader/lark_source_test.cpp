// Lark Base as a loader source, against the Lark emulator as a child process
// and real PostgreSQL and SQLite targets. The expected rows are decoded by the
// test itself from the emulator's raw records/search JSON.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli_process.hpp"
#include "common/error.hpp"
#include "emulator_process.hpp"
#include "lark_dataset.hpp"
#include "loader/connections.hpp"
#include "loader/lark_source.hpp"
#include "loader/load_runner.hpp"
#include "postgres_cluster.hpp"
#include "wrong_secret_check.hpp"

namespace larkbase::loader {
namespace {

using testing::DecodedRow;

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<larkbase::testing::EmulatorProcess> emulator;
  SourceConfig source;

  Fixture() {
    dir = std::filesystem::temp_directory_path() /
          ("lb-loader-lark-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::string dataset = testing::write_shop_dataset(dir.string());
    emulator = std::make_unique<larkbase::testing::EmulatorProcess>(
        std::vector<std::string>{"--dataset", dataset});
    ::setenv("LB_TEST_LARK_SECRET", emulator->app_secret().c_str(), 1);
    common::Json config = {{"api_url", emulator->url()},
                           {"app_id", emulator->app_id()},
                           {"app_secret", "env:LB_TEST_LARK_SECRET"},
                           {"app_token", testing::kShopToken}};
    source = {"shop", "lark", config.dump(), std::nullopt};
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  testing::RawLark raw() const {
    return testing::RawLark(emulator->url(), emulator->app_id(), emulator->app_secret());
  }
};

TableConfig orders_config() {
  TableConfig t;
  t.config_id = 1;
  t.db_config_key = "shop";
  t.source_name = "orders";
  t.destination_key = "dst";
  t.destination_name = "shop_orders";
  t.strategy = "incremental";
  t.incremental_column = "modified";
  t.incremental_type = "integer";
  t.primary_key = {"$reserved_record_id"};
  return t;
}

// The target's rows in the decoded shape, keyed by record id.
std::map<std::string, DecodedRow> target_rows(Db& db, const std::string& table,
                                              const std::string& where = "1 = 1") {
  auto r = db.exec(
      "SELECT reserved_record_id, name, amount, CAST(done AS INTEGER), tags, modified "
      "FROM " +
      table + " WHERE " + where);
  std::map<std::string, DecodedRow> out;
  for (auto& row : r.rows) out[*row[0]] = row;
  return out;
}

// Equal row by row; amounts compared as numbers (engines print doubles differently).
void expect_same(const std::map<std::string, DecodedRow>& got,
                 const std::map<std::string, DecodedRow>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [id, w] : want) {
    auto it = got.find(id);
    ASSERT_NE(it, got.end()) << id << " missing from the target";
    const DecodedRow& g = it->second;
    for (std::size_t c = 0; c < w.size(); ++c) {
      if (c == 2 && g[c] && w[c]) {
        EXPECT_DOUBLE_EQ(std::stod(*g[c]), std::stod(*w[c])) << id;
      } else {
        EXPECT_EQ(g[c], w[c]) << id << " column " << c;
      }
    }
  }
}

void full_then_incremental(Fixture& fx, const std::string& target_url,
                           std::optional<std::string> schema) {
  TableConfig t = orders_config();
  auto raw = fx.raw();
  Seconds now = 1765000000;
  {
    LarkSource source(fx.source);
    Target target(open_db(target_url), schema);
    LoadHooks hooks;
    hooks.fetch_rows = 2;  // several batches for five rows
    LoadOutcome first = LoadRunner(t, source, target, now, hooks).run();
    EXPECT_EQ(first.rows_read, 5);
    EXPECT_EQ(first.cursor_int.value_or(0), testing::kNewestModified);
    expect_same(target_rows(target.db(), target.table("shop_orders")),
                testing::decode_all(raw.all_records()));
  }
  auto created = raw.create({{"Fay", 3.5}, {"Gus", 4.25}});
  ASSERT_EQ(created.size(), 2u);
  LarkSource source(fx.source);
  Target target(open_db(target_url), schema);
  LoadOutcome second = LoadRunner(t, source, target, now + 60).run();
  // Exactly the changed rows were loaded...
  EXPECT_EQ(second.rows_read, 2) << second.message;
  EXPECT_EQ(second.cursor_from.value_or(""), std::to_string(testing::kNewestModified));
  // ...from a pushed window: Lark sent the new rows and the two of the
  // cursor's day (its date filter is by day), not the seven of the table; the
  // loader's exact check dropped the two old ones.
  EXPECT_EQ(source.rows_fetched(), 4u);
  // The watermark filter itself: Modified isGreater a day bound at or below
  // the cursor (a superset of `modified > cursor`).
  auto filter = common::Json::parse(source.last_filter());
  ASSERT_TRUE(filter.is_object()) << source.last_filter();
  const auto& condition = filter.at("conditions").at(0);
  EXPECT_EQ(condition.at("field_name"), "Modified");
  EXPECT_EQ(condition.at("operator"), "isGreater");
  long long bound = std::stoll(condition.at("value").at(1).get<std::string>());
  EXPECT_LE(bound, testing::kNewestModified);
  EXPECT_GT(bound, testing::kNewestModified - 7LL * 86400 * 1000);
  expect_same(target_rows(target.db(), target.table("shop_orders")),
              testing::decode_all(raw.all_records()));
  EXPECT_GT(second.cursor_int.value_or(0), testing::kNewestModified);
}

TEST(LarkSource, FullThenIncrementalIntoSqlite) {
  Fixture fx;
  full_then_incremental(fx, "sqlite:" + (fx.dir / "target.db").string(), std::nullopt);
}

TEST(LarkSource, FullThenIncrementalIntoPostgres) {
  Fixture fx;
  auto url = larkbase::testing::postgres_cluster().create_database("lark_target");
  full_then_incremental(fx, url, std::string("bronze"));
}

// Records *updated* through the API (records/batch_update moves their
// ModifiedTime) are picked up by the next incremental load: exactly those
// rows, with the values the API now returns (decoded from raw search JSON).
void updates_are_loaded(Fixture& fx, const std::string& target_url,
                        std::optional<std::string> schema) {
  TableConfig t = orders_config();
  auto raw = fx.raw();
  {
    LarkSource source(fx.source);
    Target target(open_db(target_url), schema);
    ASSERT_EQ(LoadRunner(t, source, target, 1765000000).run().rows_read, 5);
  }
  auto before = testing::decode_all(raw.all_records());
  auto answered = raw.update({{"recLoad0001", {{"Amount", 99.5}, {"Done", false}}},
                              {"recLoad0003", {{"Name", "Cy renamed"}, {"Tags", nullptr}}}});
  ASSERT_EQ(answered.at("records").size(), 2u);
  auto after = testing::decode_all(raw.all_records());
  // The API really changed those two and only those two.
  for (const auto& [id, row] : after) {
    bool updated = id == "recLoad0001" || id == "recLoad0003";
    EXPECT_EQ(row != before.at(id), updated) << id;
  }
  LarkSource source(fx.source);
  Target target(open_db(target_url), schema);
  LoadOutcome second = LoadRunner(t, source, target, 1765000060).run();
  EXPECT_EQ(second.rows_read, 2) << second.message;
  expect_same(target_rows(target.db(), target.table("shop_orders")), after);
  // The cursor is the newest ModifiedTime the API reports (the update's).
  long long newest = 0;
  for (const auto& [id, row] : after) newest = std::max(newest, std::stoll(*row[5]));
  EXPECT_EQ(second.cursor_int.value_or(0), newest);
  EXPECT_GT(newest, testing::kNewestModified);
  // Nothing changed since: the next load reads nothing.
  EXPECT_EQ(LoadRunner(t, source, target, 1765000120).run().rows_read, 0);
}

TEST(LarkSource, RecordsUpdatedThroughTheApiAreLoadedIntoSqlite) {
  Fixture fx;
  updates_are_loaded(fx, "sqlite:" + (fx.dir / "target.db").string(), std::nullopt);
}

TEST(LarkSource, RecordsUpdatedThroughTheApiAreLoadedIntoPostgres) {
  Fixture fx;
  auto url = larkbase::testing::postgres_cluster().create_database("lark_update");
  updates_are_loaded(fx, url, std::string("bronze"));
}

// append_only on ModifiedTime: new records are appended once; an updated
// record comes again (its ModifiedTime moved) and is appended as a second
// version, the first kept (append_only never rewrites).
TEST(LarkSource, AppendOnlyAppendsNewAndUpdatedVersionsIntoSqlite) {
  Fixture fx;
  auto raw = fx.raw();
  TableConfig t = orders_config();
  t.strategy = "append_only";
  t.primary_key.clear();
  std::string url = "sqlite:" + (fx.dir / "target.db").string();
  LarkSource source(fx.source);
  Target target(open_db(url), std::nullopt);
  ASSERT_EQ(LoadRunner(t, source, target, 1765000000).run().rows_read, 5);
  auto first = testing::decode_all(raw.all_records());
  raw.create({{"Ivy", 2.0}, {"Jo", 3.0}});
  EXPECT_EQ(LoadRunner(t, source, target, 1765000060).run().rows_read, 2);
  auto now = testing::decode_all(raw.all_records());
  expect_same(target_rows(target.db(), "shop_orders"), now);
  raw.update({{"recLoad0002", {{"Name", "Bo again"}}}});
  auto updated = testing::decode_all(raw.all_records()).at("recLoad0002");
  EXPECT_EQ(LoadRunner(t, source, target, 1765000120).run().rows_read, 1);
  EXPECT_EQ(LoadRunner(t, source, target, 1765000180).run().rows_read, 0);
  auto versions = target.db().exec(
      "SELECT reserved_record_id, name, amount, CAST(done AS INTEGER), tags, modified FROM "
      "shop_orders WHERE reserved_record_id = 'recLoad0002' ORDER BY modified");
  ASSERT_EQ(versions.rows.size(), 2u);
  EXPECT_EQ(versions.rows[0], first.at("recLoad0002"));
  EXPECT_EQ(versions.rows[1], updated);
  EXPECT_EQ(target.count("shop_orders"), 8);
}

// rolling on ModifiedTime: the window's date bound becomes midnight-UTC
// milliseconds for Lark; a load reads exactly the rows inside the window
// (counted by the test from the raw JSON) and merges them.
TEST(LarkSource, RollingReadsExactlyTheWindowIntoSqlite) {
  Fixture fx;
  auto raw = fx.raw();
  TableConfig t = orders_config();
  t.strategy = "rolling";
  t.rolling_column = "modified";
  t.rolling_days = 70;
  const Seconds now = *parse_utc("2024-07-10 00:00:00");
  const long long cutoff_ms = *parse_utc("2024-05-01 00:00:00") * 1000;
  auto in_window = [&](const std::map<std::string, DecodedRow>& rows) {
    long long n = 0;
    for (const auto& [id, row] : rows) n += std::stoll(*row[5]) >= cutoff_ms;
    return n;
  };
  std::string url = "sqlite:" + (fx.dir / "target.db").string();
  LarkSource source(fx.source);
  Target target(open_db(url), std::nullopt);
  ASSERT_EQ(LoadRunner(t, source, target, now).run().rows_read, 5);  // first: full
  auto before = testing::decode_all(raw.all_records());
  LoadOutcome same = LoadRunner(t, source, target, now).run();
  EXPECT_EQ(same.rows_read, in_window(before)) << same.message;
  EXPECT_EQ(same.rows_read, 3);
  // An old record updated (its ModifiedTime moves into the window) and a new one.
  raw.update({{"recLoad0001", {{"Amount", 1.5}}}});
  raw.create({{"Kim", 4.0}});
  auto after = testing::decode_all(raw.all_records());
  LoadOutcome moved = LoadRunner(t, source, target, now).run();
  EXPECT_EQ(moved.rows_read, in_window(after)) << moved.message;
  EXPECT_EQ(moved.rows_read, 5);
  expect_same(target_rows(target.db(), "shop_orders"), after);
}

// A record *deleted* through the API (records/batch_delete) is flagged
// is_delete by the next incremental load's delete pass (soft mode, pass due
// on every run); the other rows stay as the API returns them.
void deletes_are_flagged(Fixture& fx, const std::string& target_url,
                         std::optional<std::string> schema) {
  TableConfig t = orders_config();
  t.is_delete = true;
  t.delete_mode = "soft";
  LoadHooks every_run;
  every_run.delete_check_hours = 0;
  auto raw = fx.raw();
  LarkSource source(fx.source);
  Target target(open_db(target_url), schema);
  ASSERT_EQ(LoadRunner(t, source, target, 1765000000, every_run).run().rows_read, 5);
  const std::string dest = target.table("shop_orders");
  EXPECT_EQ(target_rows(target.db(), dest, "is_delete").size(), 0u);

  ASSERT_EQ(raw.remove({"recLoad0002", "recLoad0004"}),
            (std::vector<std::string>{"recLoad0002", "recLoad0004"}));
  auto after = testing::decode_all(raw.all_records());
  ASSERT_EQ(after.size(), 3u);  // the API no longer returns them
  ASSERT_FALSE(after.contains("recLoad0002") || after.contains("recLoad0004"));

  LoadOutcome second = LoadRunner(t, source, target, 1765000060, every_run).run();
  EXPECT_EQ(second.rows_read, 0) << second.message;
  EXPECT_NE(second.message.find("2 rows flagged deleted"), std::string::npos) << second.message;
  auto flagged = target_rows(target.db(), dest, "is_delete AND deleted_at IS NOT NULL");
  EXPECT_EQ(flagged.size(), 2u);
  EXPECT_TRUE(flagged.contains("recLoad0002") && flagged.contains("recLoad0004"));
  expect_same(target_rows(target.db(), dest, "NOT is_delete"), after);
}

TEST(LarkSource, RecordsDeletedThroughTheApiAreFlaggedInSqlite) {
  Fixture fx;
  deletes_are_flagged(fx, "sqlite:" + (fx.dir / "target.db").string(), std::nullopt);
}

TEST(LarkSource, RecordsDeletedThroughTheApiAreFlaggedInPostgres) {
  Fixture fx;
  auto url = larkbase::testing::postgres_cluster().create_database("lark_delete");
  deletes_are_flagged(fx, url, std::string("bronze"));
}

// chunked_backfill on the epoch-ms ModifiedTime (range() and half-open
// chunk windows through the connector), then check_and_load: nothing above
// the cursor → nothing loaded; after a change → a full reload.
TEST(LarkSource, ChunkedBackfillAndCheckAndLoadIntoSqlite) {
  Fixture fx;
  auto raw = fx.raw();
  std::string url = "sqlite:" + (fx.dir / "target.db").string();
  TableConfig t = orders_config();
  t.strategy = "chunked_backfill";
  t.partition_column = "modified";
  t.chunk_size = 30LL * 86400 * 1000;  // 30 days of milliseconds
  {
    LarkSource source(fx.source);
    Target target(open_db(url), std::nullopt);
    LoadOutcome o = LoadRunner(t, source, target, 1765000000).run();
    EXPECT_TRUE(o.backfill_done);
    EXPECT_EQ(o.rows_read, 5);
    EXPECT_NE(o.message.find("7 chunks"), std::string::npos) << o.message;
    expect_same(target_rows(target.db(), target.table("shop_orders")),
                testing::decode_all(raw.all_records()));
  }
  t.config_id = 2;
  t.strategy = "check_and_load";
  t.destination_name = "shop_orders_cl";
  {
    LarkSource source(fx.source);
    Target target(open_db(url), std::nullopt);
    EXPECT_EQ(LoadRunner(t, source, target, 1765000000).run().rows_read, 5);
    LoadOutcome unchanged = LoadRunner(t, source, target, 1765000060).run();
    EXPECT_EQ(unchanged.rows_read, 0) << unchanged.message;
  }
  raw.create({{"Hal", 1.0}});
  LarkSource source(fx.source);
  Target target(open_db(url), std::nullopt);
  EXPECT_EQ(LoadRunner(t, source, target, 1765000120).run().rows_read, 6);
  expect_same(target_rows(target.db(), target.table("shop_orders_cl")),
              testing::decode_all(raw.all_records()));
}

TEST(LarkSource, StreamsInBoundedBatchesWithContractTypes) {
  Fixture fx;
  LarkSource source(fx.source);
  ReadSpec spec;
  spec.table = "orders";
  std::map<std::string, std::string> kinds;
  for (const auto& c : source.columns(spec)) kinds[c.name] = c.kind;
  EXPECT_EQ(kinds.at("amount"), "real");
  EXPECT_EQ(kinds.at("done"), "boolean");
  EXPECT_EQ(kinds.at("modified"), "integer");  // epoch ms (types.md)
  EXPECT_EQ(kinds.at("tags"), "text");         // a list, as JSON text
  EXPECT_EQ(kinds.count("$reserved_record_id"), 1u);
  std::size_t total = 0, batches = 0;
  source.read_batches(spec, 2, [&](std::vector<Row>& batch) {
    EXPECT_LE(batch.size(), 2u);
    EXPECT_FALSE(batch.empty());
    total += batch.size();
    ++batches;
  });
  EXPECT_EQ(total, 5u);
  EXPECT_EQ(batches, 3u);
}

TEST(LarkSource, WindowOnADateTimeIsExactWhereLarkIsByDay) {
  Fixture fx;
  LarkSource source(fx.source);
  ReadSpec spec;
  spec.table = "orders";
  spec.where.push_back({"modified", ">=", "integer", std::to_string(testing::kNewestModified)});
  Result r = source.read(spec);
  ASSERT_EQ(r.rows.size(), 1u);  // only the newest, though Lark returns its whole day
  EXPECT_EQ(source.rows_fetched(), 2u);
  spec.where = {{"modified", ">", "timestamp", "2024-07-08 00:00:00"}};
  try {
    source.read(spec);
    ADD_FAILURE() << "a timestamp cursor on an epoch-ms column was accepted";
  } catch (const common::UserError& e) {
    EXPECT_NE(std::string(e.what()).find("--incremental-type integer"), std::string::npos);
  }
}

TEST(LarkSource, SecretIsAReferenceNeverStoredOrShown) {
  Fixture fx;
  SourceConfig clear = fx.source;
  common::Json j = common::Json::parse(clear.config_json);
  j["app_secret"] = fx.emulator->app_secret();
  clear.config_json = j.dump();
  try {
    validate_source(clear);
    ADD_FAILURE() << "a clear app secret was accepted";
  } catch (const common::UserError& e) {
    EXPECT_EQ(std::string(e.what()).find(fx.emulator->app_secret()), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("app_secret"), std::string::npos);
  }
  SourceConfig missing = fx.source;
  j.erase("app_token");
  missing.config_json = j.dump();
  EXPECT_THROW(validate_source(missing), common::UserError);
  // A wrong secret fails the read with Lark's error, without the secret.
  ::setenv("LB_TEST_LARK_SECRET", "not-the-secret", 1);
  LarkSource wrong(fx.source);
  testing::expect_wrong_secret_refused(wrong, "not-the-secret");
}

// The operator's path: add-source refuses a clear secret, and a scheduler
// run through `larkbase loader run` loads the table; the secret is in no
// output and not in the control database.
TEST(LarkSource, CliAddSourceAndRunNeverShowTheSecret) {
  Fixture fx;
  std::string secret = fx.emulator->app_secret();
  std::string control = "sqlite:" + (fx.dir / "control.db").string();
  std::string env = "LARKBASE_LOADER_CONTROL='" + control + "' LB_CLI_SECRET='" + secret + "'";
  std::string lark = "--type lark --api-url " + fx.emulator->url() + " --app-id " +
                     fx.emulator->app_id() + " --base " + testing::kShopToken;
  auto refused = testing::run_loader("add-source shop " + lark + " --app-secret " + secret, env);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.all().find("app_secret"), std::string::npos) << refused.all();
  EXPECT_EQ(refused.all().find(secret), std::string::npos);
  std::vector<testing::CliResult> runs = {
      testing::run_loader("add-source shop " + lark + " --app-secret env:LB_CLI_SECRET", env),
      testing::run_loader("add-source lake --type sqlite --path " + (fx.dir / "lake.db").string(),
                          env),
      testing::run_loader("add-table --source shop --source-table orders --target lake "
                          "--strategy incremental --incremental-column modified "
                          "--incremental-type integer --primary-key '$reserved_record_id'",
                          env),
      testing::run_loader("run orders", env),
      testing::run_loader("status --format json", env),
  };
  for (const auto& r : runs) {
    EXPECT_EQ(r.exit_code, 0) << r.all();
    EXPECT_EQ(r.all().find(secret), std::string::npos) << r.all();
  }
  EXPECT_NE(runs[3].out.find("rows read 5"), std::string::npos) << runs[3].all();
  auto control_db = open_db(control);
  auto config = control_db->exec(
      "SELECT db_config_value FROM table_control_dbconfig WHERE "
      "db_config_key = 'shop'");
  ASSERT_EQ(config.rows.size(), 1u);
  EXPECT_EQ(config.rows[0][0]->find(secret), std::string::npos);
  EXPECT_NE(config.rows[0][0]->find("env:LB_CLI_SECRET"), std::string::npos);
}

}  // namespace
}  // namespace larkbase::loader
