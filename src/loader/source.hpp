#pragma once
// Where a load reads from. A Source renders the spec's predicate shapes for
// its engine (§2.3) through a SourceDialect, so SQL Server, Oracle or
// Snowflake plug in by adding a dialect and a Db for their client library.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loader/db.hpp"

namespace larkbase::loader {

// integer | real | numeric | text | timestamp | date | boolean
struct SourceColumn {
  std::string name;
  std::string kind;
};

// `column op value`, with value typed by `type` (integer | timestamp | date).
struct Condition {
  std::string column;
  std::string op;  // ">", ">=", "<"
  std::string type;
  std::string value;
};

struct ReadSpec {
  std::optional<std::string> schema;
  std::string table;
  std::optional<std::string> query;  // replaces the table reference
  std::vector<std::string> columns;  // source names; empty = all
  std::vector<Condition> where;
};

class SourceDialect {
 public:
  virtual ~SourceDialect() = default;
  virtual std::string name() const = 0;
  // Quotes only names that need it (spec §5.5), each part separately.
  virtual std::string identifier(const std::string& name) const;
  virtual std::string table_ref(const std::optional<std::string>& schema,
                                const std::string& table) const;
  // A typed parameter placeholder for `type`; `n` is 1-based.
  virtual std::string parameter(int n, const std::string& type) const = 0;
  std::string predicate(const Condition& c, int n) const;
};

std::unique_ptr<SourceDialect> make_dialect(const std::string& db_type);

class Source {
 public:
  virtual ~Source() = default;
  virtual std::vector<SourceColumn> columns(const ReadSpec& spec) = 0;
  virtual Result read(const ReadSpec& spec) = 0;
  virtual long long count(const ReadSpec& spec) = 0;
  // MIN and MAX of a column over the spec, as text (NULL when no rows).
  virtual std::pair<Value, Value> range(const ReadSpec& spec, const std::string& column) = 0;
};

// A SQL source over one of our Db connections (PostgreSQL, SQLite).
class SqlSource final : public Source {
 public:
  SqlSource(std::unique_ptr<Db> db, std::unique_ptr<SourceDialect> dialect);
  std::vector<SourceColumn> columns(const ReadSpec& spec) override;
  Result read(const ReadSpec& spec) override;
  long long count(const ReadSpec& spec) override;
  std::pair<Value, Value> range(const ReadSpec& spec, const std::string& column) override;
  // The SELECT a spec renders to, with its parameters.
  std::pair<std::string, Params> render(const ReadSpec& spec, const std::string& select) const;

 private:
  std::unique_ptr<Db> db_;
  std::unique_ptr<SourceDialect> dialect_;
};

std::string column_kind(const std::string& declared_type);

}  // namespace larkbase::loader
