#pragma once
// One small database interface that the control store, the sources and the
// targets share, so every strategy runs unchanged on PostgreSQL and SQLite.
// Both dialects take `$1`, `$2`… placeholders; values travel as text (NULL is
// std::nullopt) and each engine converts them to the column's type.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace larkbase::loader {

enum class Dialect { kSqlite, kPostgres };

using Value = std::optional<std::string>;
using Row = std::vector<Value>;
using Params = std::vector<Value>;

struct Result {
  std::vector<std::string> columns;
  // The declared type of each result column when the engine knows it (a
  // plain column reference, also through a subquery), else "".
  std::vector<std::string> column_types;
  std::vector<Row> rows;
  long long affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

class Db {
 public:
  virtual ~Db() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement with parameters.
  virtual Result exec(const std::string& sql, const Params& params = {}) = 0;
  // Runs a query and hands its rows over in batches of at most `batch_rows`,
  // so a source larger than memory streams through: a server-side cursor on
  // PostgreSQL (in a read-only repeatable-read transaction, one snapshot for
  // the whole read), statement stepping on SQLite.
  using BatchFn = std::function<void(std::vector<Row>& batch)>;
  virtual void query_batches(const std::string& sql, const Params& params, std::size_t batch_rows,
                             const BatchFn& on_batch) = 0;
  // Runs several statements without parameters (migrations, DDL).
  virtual void exec_script(const std::string& sql) = 0;
  // Inserts many rows into `table` (quoted name) for `columns` (quoted names):
  // COPY on PostgreSQL, a prepared statement reused per row on SQLite.
  virtual void bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                           const std::vector<Row>& rows) = 0;
  // A write transaction; on SQLite it takes the write lock at once so two
  // processes never both read-then-write the same rows.
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  // Quotes an identifier for this dialect.
  std::string quote(const std::string& identifier) const;
};

// Rolls back unless committed: a load that throws leaves nothing behind.
class Transaction {
 public:
  explicit Transaction(Db& db) : db_(db) { db_.begin(); }
  ~Transaction() {
    if (!done_) db_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Db& db_;
  bool done_ = false;
};

// Opens `sqlite:PATH` or a libpq URI `postgresql://…`. The URI may carry a
// password; it is never repeated in an error message.
std::unique_ptr<Db> open_db(const std::string& url);

// The URL without any password, for messages and logs.
std::string describe_url(const std::string& url);

}  // namespace larkbase::loader
