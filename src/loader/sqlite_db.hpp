#pragma once
// SQLite through its C API: the embedded control database and a source/target.
#include <sqlite3.h>

#include "loader/db.hpp"

namespace larkbase::loader {

class SqliteDb final : public Db {
 public:
  explicit SqliteDb(const std::string& path);
  ~SqliteDb() override;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Result exec(const std::string& sql, const Params& params = {}) override;
  void query_batches(const std::string& sql, const Params& params, std::size_t batch_rows,
                     const BatchFn& on_batch) override;
  void exec_script(const std::string& sql) override;
  void bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                   const std::vector<Row>& rows) override;
  void begin() override;
  void commit() override;
  void rollback() noexcept override;

 private:
  [[noreturn]] void fail(const std::string& what) const;
  // Prepares and binds `sql`, steps it, and hands rows to `on_batch` every
  // `batch_rows` rows (0 = all at the end); returns the column names.
  std::vector<std::string> step_all(const std::string& sql, const Params& params,
                                    std::size_t batch_rows, const BatchFn& on_batch,
                                    std::vector<std::string>* types = nullptr);
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace larkbase::loader
