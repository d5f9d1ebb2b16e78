// Sources stream: rows reach the target in batches of at most the fetch
// size (a server-side cursor on PostgreSQL, statement stepping on SQLite),
// and a load larger than one batch is exact.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "loader/control_store.hpp"
#include "loader/load_runner.hpp"
#include "loader/scheduler.hpp"
#include "postgres_cluster.hpp"

namespace larkbase::loader {
namespace {

// Wraps a source; fails the test if a load reads a whole table at once and
// records the largest batch it handed on.
class CountingSource final : public Source {
 public:
  explicit CountingSource(Source& inner) : inner_(inner) {}
  std::vector<SourceColumn> columns(const ReadSpec& s) override { return inner_.columns(s); }
  Result read(const ReadSpec& s) override {
    ADD_FAILURE() << "a load read a whole result into memory";
    return inner_.read(s);
  }
  void read_batches(const ReadSpec& s, std::size_t batch_rows,
                    const Db::BatchFn& on_batch) override {
    inner_.read_batches(s, batch_rows, [&](std::vector<Row>& batch) {
      max_batch = std::max(max_batch, batch.size());
      ++batches;
      on_batch(batch);
    });
  }
  long long count(const ReadSpec& s) override { return inner_.count(s); }
  std::pair<Value, Value> range(const ReadSpec& s, const std::string& c) override {
    return inner_.range(s, c);
  }
  std::size_t max_batch = 0, batches = 0;

 private:
  Source& inner_;
};

void expect_batches_equal_read(std::unique_ptr<Db> db, const std::string& dialect) {
  SqlSource source(std::move(db), make_dialect(dialect));
  ReadSpec spec;
  spec.table = "numbers";
  spec.where.push_back({"id", ">", "integer", "100"});
  std::vector<Row> streamed;
  std::size_t batches = 0;
  source.read_batches(spec, 64, [&](std::vector<Row>& batch) {
    EXPECT_LE(batch.size(), 64u);
    EXPECT_FALSE(batch.empty());
    ++batches;
    streamed.insert(streamed.end(), batch.begin(), batch.end());
  });
  // Rows 101..1000: 900 rows in 15 batches (14 × 64 + 4).
  EXPECT_EQ(batches, 15u);
  EXPECT_EQ(streamed, source.read(spec).rows);
  EXPECT_EQ(streamed.size(), 900u);
}

TEST(Streaming, SqliteSourceReadsInBatches) {
  auto dir = std::filesystem::temp_directory_path() / ("lb-stream-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = "sqlite:" + (dir / "numbers.db").string();
  auto db = open_db(path);
  db->exec_script(
      "DROP TABLE IF EXISTS numbers; CREATE TABLE numbers (id INTEGER PRIMARY KEY, v TEXT);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
      "INSERT INTO numbers SELECT i, 'v' || i FROM n;");
  expect_batches_equal_read(open_db(path), "sqlite");
}

TEST(Streaming, PostgresSourceReadsThroughACursor) {
  std::string url = testing::postgres_cluster().create_database("stream");
  open_db(url)->exec_script(
      "CREATE TABLE numbers (id BIGINT PRIMARY KEY, v TEXT);"
      "INSERT INTO numbers SELECT g, 'v' || g FROM generate_series(1, 1000) g;");
  expect_batches_equal_read(open_db(url), "postgresql");
}

TEST(Streaming, IncrementalLoadLargerThanOneBatchIsExactAndBounded) {
  auto& cluster = testing::postgres_cluster();
  std::string src_url = cluster.create_database("streamsrc");
  std::string dst_url = cluster.create_database("streamdst");
  auto src = open_db(src_url);
  src->exec_script(
      "CREATE TABLE orders (id BIGINT PRIMARY KEY, amount NUMERIC, seq BIGINT NOT NULL);"
      "INSERT INTO orders SELECT g, g * 0.25, g FROM generate_series(1, 1234) g;");
  TableConfig t;
  t.config_id = 7;
  t.source_name = "orders";
  t.destination_name = "orders";
  t.strategy = "incremental";
  t.incremental_column = "seq";
  t.incremental_type = "integer";
  t.primary_key = {"id"};
  LoadHooks hooks;
  hooks.fetch_rows = 50;
  auto load = [&] {
    SqlSource inner(open_db(src_url), make_dialect("postgresql"));
    CountingSource source(inner);
    Target target(open_db(dst_url), std::string("bronze"));
    LoadOutcome o = LoadRunner(t, source, target, 0, hooks).run();
    EXPECT_LE(source.max_batch, 50u);
    return std::make_pair(o, source.batches);
  };
  auto [first, first_batches] = load();
  EXPECT_EQ(first.rows_read, 1234);
  EXPECT_EQ(first_batches, 25u);  // 24 × 50 + 34
  src->exec_script(
      "UPDATE orders SET amount = -1, seq = seq + 10000 WHERE id % 10 = 0;"
      "INSERT INTO orders SELECT g, g, g + 20000 FROM generate_series(1235, 1300) g;");
  auto [second, second_batches] = load();
  EXPECT_EQ(second.rows_read, 123 + 66);
  EXPECT_EQ(second_batches, 4u);
  EXPECT_EQ(open_db(dst_url)->exec("SELECT id, amount, seq FROM bronze.orders ORDER BY id").rows,
            src->exec("SELECT id, amount, seq FROM orders ORDER BY id").rows);
}

}  // namespace
}  // namespace larkbase::loader
