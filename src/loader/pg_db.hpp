#pragma once
// PostgreSQL through libpq: a connection, parameterised statements in text
// format, transactions and COPY for bulk loads.
#include <libpq-fe.h>

#include "loader/db.hpp"

namespace larkbase::loader {

class PgDb final : public Db {
 public:
  // `url` is a libpq URI or conninfo; `label` names it in errors (never
  // the password); empty means the URL with its password masked.
  explicit PgDb(const std::string& url, const std::string& label = "");
  ~PgDb() override;
  PgDb(const PgDb&) = delete;
  PgDb& operator=(const PgDb&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Result exec(const std::string& sql, const Params& params = {}) override;
  void exec_script(const std::string& sql) override;
  void bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                   const std::vector<Row>& rows) override;
  void begin() override;
  void commit() override;
  void rollback() noexcept override;

 private:
  [[noreturn]] void fail(const std::string& what, PGresult* result) const;
  PGconn* conn_ = nullptr;
  std::string label_;  // the URL without password
};

}  // namespace larkbase::loader
