// `larkbase loader run-scheduler` survives an outage of its PostgreSQL
// control database: the ticks during the outage report the failure, and the
// first tick after the restart loads again — the process never exits.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "cli_process.hpp"
#include "loader/control_store.hpp"
#include "postgres_cluster.hpp"

namespace larkbase::loader {
namespace {

// Reads stdout lines until one contains `text`; returns everything read.
std::string read_until(testing::LoaderChild& child, const std::string& text) {
  std::string all;
  for (std::string line = child.read_line(); !line.empty(); line = child.read_line()) {
    all += line;
    if (line.find(text) != std::string::npos) return all;
  }
  ADD_FAILURE() << "output ended before '" << text << "':\n" << all;
  return all;
}

TEST(SchedulerOutage, RunSchedulerRetriesAfterTheControlDatabaseRestarts) {
  auto& cluster = larkbase::testing::postgres_cluster();
  std::string control = cluster.create_database("control");
  auto dir =
      std::filesystem::temp_directory_path() / ("lb-loader-outage-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string src = (dir / "src.db").string(), dst = (dir / "dst.db").string();
  auto source = open_db("sqlite:" + src);
  source->exec_script(
      "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);"
      "INSERT INTO items VALUES (1, 'a'), (2, 'b');");
  long long id = 0;
  {
    ControlStore store(open_db(control));
    store.migrate();
    store.add_source({"src", "sqlite", "{\"path\":\"" + src + "\"}", std::nullopt}, 0);
    store.add_source({"dst", "sqlite", "{\"path\":\"" + dst + "\"}", std::nullopt}, 0);
    TableConfig t;
    t.db_config_key = "src";
    t.source_name = "items";
    t.destination_key = "dst";
    t.destination_name = "items";
    t.strategy = "full";
    store.add_table(t, 0);
    id = store.tables().at(0).config_id;
  }
  testing::LoaderChild child({"run-scheduler", "--control", control, "--interval", "1"});
  read_until(child, "loader scheduler started");
  read_until(child, "succeeded 1");
  cluster.stop();
  std::string outage = read_until(child, "tick failed on the control database");
  EXPECT_EQ(outage.find("password"), std::string::npos);
  source->exec_script("INSERT INTO items VALUES (3, 'c');");
  cluster.start();
  {
    // Due again now: the next tick after the restart must load it.
    ControlStore store(open_db(control));
    store.reset(id, 0);
  }
  read_until(child, "succeeded 1");
  child.signal(SIGTERM);
  std::string rest = child.read_rest();
  int status = child.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << rest;
  EXPECT_NE(rest.find("loader scheduler stopped"), std::string::npos) << rest;
  EXPECT_EQ(open_db("sqlite:" + dst)->exec("SELECT COUNT(*) FROM items").rows[0][0].value(), "3");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace larkbase::loader
