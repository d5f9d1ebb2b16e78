#include "loader/source.hpp"

#include <algorithm>
#include <regex>

#include "common/error.hpp"

namespace larkbase::loader {
namespace {

bool plain_identifier(const std::string& name) {
  static const std::regex kPlain("^[A-Za-z_][A-Za-z0-9_$#@]*$");
  return std::regex_match(name, kPlain);
}

// PostgreSQL and SQLite infer the parameter's type from the column compared.
class PostgresDialect : public SourceDialect {
 public:
  std::string name() const override { return "postgresql"; }
  std::string identifier(const std::string& n) const override {
    // Unquoted names fold to lower case in PostgreSQL: quote anything else.
    static const std::regex kLower("^[a-z_][a-z0-9_]*$");
    if (std::regex_match(n, kLower)) return n;
    std::string out = "\"";
    for (char c : n) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  }
  std::string parameter(int n, const std::string&) const override {
    return "$" + std::to_string(n);
  }
};

class SqliteDialect : public SourceDialect {
 public:
  std::string name() const override { return "sqlite"; }
  std::string parameter(int n, const std::string&) const override {
    return "$" + std::to_string(n);
  }
};

// Shapes for engines we cannot run here; they render the documented forms.
class SqlServerDialect : public SourceDialect {
 public:
  std::string name() const override { return "mssql"; }
  std::string identifier(const std::string& n) const override {
    if (plain_identifier(n)) return n;
    std::string out = "[";
    for (char c : n) out += c == ']' ? std::string("]]") : std::string(1, c);
    return out + "]";
  }
  std::string parameter(int n, const std::string& type) const override {
    std::string p = "@p" + std::to_string(n);
    if (type == "timestamp") return "CAST(" + p + " AS DATETIME2)";
    if (type == "date") return "CAST(" + p + " AS DATE)";
    return "CAST(" + p + " AS BIGINT)";
  }
};

class OracleDialect : public SourceDialect {
 public:
  std::string name() const override { return "oracle"; }
  std::string parameter(int n, const std::string& type) const override {
    std::string p = ":" + std::to_string(n);
    if (type == "timestamp") return "TO_TIMESTAMP(" + p + ", 'YYYY-MM-DD HH24:MI:SS.FF')";
    if (type == "date") return "TO_DATE(" + p + ", 'YYYY-MM-DD')";
    return p;
  }
};

class SnowflakeDialect : public SourceDialect {
 public:
  std::string name() const override { return "snowflake"; }
  std::string parameter(int n, const std::string& type) const override {
    std::string p = ":" + std::to_string(n);
    if (type == "timestamp") return "TO_TIMESTAMP(" + p + ")";
    if (type == "date") return "TO_DATE(" + p + ")";
    return p;
  }
};

}  // namespace

std::string SourceDialect::identifier(const std::string& n) const {
  if (plain_identifier(n)) return n;
  std::string out = "\"";
  for (char c : n) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string SourceDialect::table_ref(const std::optional<std::string>& schema,
                                     const std::string& table) const {
  return schema && !schema->empty() ? identifier(*schema) + "." + identifier(table)
                                    : identifier(table);
}

std::string SourceDialect::predicate(const Condition& c, int n) const {
  return identifier(c.column) + " " + c.op + " " + parameter(n, c.type);
}

std::unique_ptr<SourceDialect> make_dialect(const std::string& db_type) {
  if (db_type == "postgresql") return std::make_unique<PostgresDialect>();
  if (db_type == "sqlite") return std::make_unique<SqliteDialect>();
  if (db_type == "mssql") return std::make_unique<SqlServerDialect>();
  if (db_type == "oracle") return std::make_unique<OracleDialect>();
  if (db_type == "snowflake") return std::make_unique<SnowflakeDialect>();
  throw common::UserError(
      "source type '" + db_type +
      "' has no SQL dialect: use postgresql, sqlite, mssql, oracle or snowflake");
}

std::string column_kind(const std::string& declared) {
  std::string t = declared;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  auto has = [&](const char* s) { return t.find(s) != std::string::npos; };
  if (has("timestamp") || has("datetime")) return "timestamp";
  if (has("date")) return "date";
  if (has("bool")) return "boolean";
  if (has("int") || has("serial")) return "integer";
  if (has("real") || has("floa") || has("doub")) return "real";
  if (has("numeric") || has("decimal")) return "numeric";
  return "text";
}

SqlSource::SqlSource(std::unique_ptr<Db> db, std::unique_ptr<SourceDialect> dialect)
    : db_(std::move(db)), dialect_(std::move(dialect)) {}

std::pair<std::string, Params> SqlSource::render(const ReadSpec& spec,
                                                 const std::string& select) const {
  std::string from =
      spec.query ? "(" + *spec.query + ") q" : dialect_->table_ref(spec.schema, spec.table);
  std::string sql = "SELECT " + select + " FROM " + from;
  Params params;
  for (std::size_t i = 0; i < spec.where.size(); ++i) {
    sql += (i ? " AND " : " WHERE ") + dialect_->predicate(spec.where[i], static_cast<int>(i + 1));
    params.emplace_back(spec.where[i].value);
  }
  return {sql, params};
}

std::vector<SourceColumn> SqlSource::columns(const ReadSpec& spec) {
  std::vector<SourceColumn> out;
  if (!spec.query && db_->dialect() == Dialect::kSqlite) {
    auto r = db_->exec("SELECT name, type FROM pragma_table_info($1)", {spec.table});
    for (const Row& row : r.rows) out.push_back({*row[0], column_kind(row[1].value_or(""))});
  } else if (!spec.query) {
    auto r = db_->exec(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 "
        "AND table_schema = COALESCE($2, current_schema()) ORDER BY ordinal_position",
        {spec.table, spec.schema});
    for (const Row& row : r.rows) out.push_back({*row[0], column_kind(row[1].value_or(""))});
  } else {
    // A custom query: names and declared types from a zero-row run; a
    // column the engine cannot type (an expression on SQLite) is text.
    auto r = db_->exec("SELECT * FROM (" + *spec.query + ") q LIMIT 0");
    for (std::size_t i = 0; i < r.columns.size(); ++i) {
      std::string type = i < r.column_types.size() ? r.column_types[i] : "";
      out.push_back({r.columns[i], type.empty() ? "text" : column_kind(type)});
    }
  }
  if (out.empty()) {
    throw common::UserError("source table '" + dialect_->table_ref(spec.schema, spec.table) +
                            "' does not exist or has no columns");
  }
  return out;
}

std::pair<std::string, Params> SqlSource::render_read(const ReadSpec& spec) const {
  std::string select;
  for (const auto& c : spec.columns)
    select += (select.empty() ? "" : ", ") + dialect_->identifier(c);
  return render(spec, select.empty() ? "*" : select);
}

Result SqlSource::read(const ReadSpec& spec) {
  auto [sql, params] = render_read(spec);
  return db_->exec(sql, params);
}

void SqlSource::read_batches(const ReadSpec& spec, std::size_t batch_rows,
                             const Db::BatchFn& on_batch) {
  auto [sql, params] = render_read(spec);
  db_->query_batches(sql, params, batch_rows, on_batch);
}

long long SqlSource::count(const ReadSpec& spec) {
  auto [sql, params] = render(spec, "COUNT(*)");
  return std::stoll(*db_->exec(sql, params).rows.at(0)[0]);
}

std::pair<Value, Value> SqlSource::range(const ReadSpec& spec, const std::string& column) {
  std::string c = dialect_->identifier(column);
  auto [sql, params] = render(spec, "MIN(" + c + "), MAX(" + c + ")");
  Row row = db_->exec(sql, params).rows.at(0);
  return {row[0], row[1]};
}

}  // namespace larkbase::loader
