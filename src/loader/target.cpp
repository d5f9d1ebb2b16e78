#include "loader/target.hpp"

#include <cctype>
#include <map>

#include "common/error.hpp"

namespace larkbase::loader {

Target::Target(std::unique_ptr<Db> db, std::optional<std::string> schema)
    : db_(std::move(db)), schema_(std::move(schema)) {
  if (db_->dialect() == Dialect::kSqlite) schema_.reset();
}

std::string Target::table(const std::string& name) const {
  return schema_ ? db_->quote(*schema_) + "." + db_->quote(name) : db_->quote(name);
}

bool Target::exists(const std::string& name) {
  if (db_->dialect() == Dialect::kSqlite) {
    return !db_->exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1", {name})
                .rows.empty();
  }
  return !db_->exec(
                 "SELECT 1 FROM information_schema.tables WHERE table_name = $1 AND "
                 "table_schema = COALESCE($2, current_schema())",
                 {name, schema_})
              .rows.empty();
}

void Target::ensure_schema() {
  if (schema_) db_->exec_script("CREATE SCHEMA IF NOT EXISTS " + db_->quote(*schema_));
  db_->exec_script("CREATE TABLE IF NOT EXISTS " + table("larkbase_load_state") +
                   " (config_id BIGINT PRIMARY KEY, cursor_int BIGINT, cursor_ts TEXT, "
                   "backfill_mark BIGINT)");
}

std::string Target::type_of(const std::string& kind) const {
  bool pg = db_->dialect() == Dialect::kPostgres;
  if (kind == "integer") return pg ? "BIGINT" : "INTEGER";
  if (kind == "real") return pg ? "DOUBLE PRECISION" : "REAL";
  if (kind == "numeric") return "NUMERIC";
  if (kind == "timestamp") return pg ? "TIMESTAMP" : "TEXT";
  if (kind == "date") return pg ? "DATE" : "TEXT";
  if (kind == "boolean") return pg ? "BOOLEAN" : "INTEGER";
  return "TEXT";
}

void Target::create_table(const std::string& name, const std::vector<TargetColumn>& columns,
                          const std::vector<std::string>& primary_key, bool soft_delete_columns) {
  std::string sql = "CREATE TABLE " + table(name) + " (";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    sql += (i ? ", " : "") + column(columns[i].name) + " " + type_of(columns[i].kind);
  }
  if (soft_delete_columns) {
    sql += ", " + column("is_delete") + " BOOLEAN NOT NULL DEFAULT FALSE, " + column("deleted_at") +
           (db_->dialect() == Dialect::kPostgres ? " TIMESTAMP" : " TEXT");
  }
  if (!primary_key.empty()) {
    sql += ", PRIMARY KEY (";
    for (std::size_t i = 0; i < primary_key.size(); ++i)
      sql += (i ? ", " : "") + column(primary_key[i]);
    sql += ")";
  }
  db_->exec_script(sql + ")");
}

void Target::drop_if_exists(const std::string& name) {
  db_->exec_script("DROP TABLE IF EXISTS " + table(name));
}

void Target::swap_in(const std::string& shadow, const std::string& name) {
  drop_if_exists(name);
  db_->exec_script("ALTER TABLE " + table(shadow) + " RENAME TO " + db_->quote(name));
  if (db_->dialect() == Dialect::kPostgres) {
    // The primary key index keeps the shadow's name; give it the table's so
    // the next shadow can be created with the same name.
    std::string index = schema_ ? db_->quote(*schema_) + "." + db_->quote(shadow + "_pkey")
                                : db_->quote(shadow + "_pkey");
    db_->exec_script("ALTER INDEX IF EXISTS " + index + " RENAME TO " + db_->quote(name + "_pkey"));
  }
}

void Target::insert(const std::string& name, const std::vector<TargetColumn>& columns,
                    const std::vector<Row>& rows) {
  std::vector<std::string> quoted;
  for (const auto& c : columns) quoted.push_back(column(c.name));
  db_->bulk_insert(table(name), quoted, rows);
}

long long Target::count(const std::string& name) {
  return std::stoll(*db_->exec("SELECT COUNT(*) FROM " + table(name)).rows.at(0)[0]);
}

LoadState Target::state(long long config_id) {
  LoadState s;
  auto r = db_->exec("SELECT cursor_int, cursor_ts, backfill_mark FROM " +
                         table("larkbase_load_state") + " WHERE config_id = $1",
                     {std::to_string(config_id)});
  if (r.rows.empty()) return s;
  const Row& row = r.rows[0];
  if (row[0]) s.cursor_int = std::stoll(*row[0]);
  s.cursor_ts = row[1];
  if (row[2]) s.backfill_mark = std::stoll(*row[2]);
  return s;
}

void Target::save_state(long long config_id, const LoadState& s) {
  auto num = [](std::optional<long long> v) { return v ? Value(std::to_string(*v)) : Value(); };
  db_->exec("INSERT INTO " + table("larkbase_load_state") +
                " (config_id, cursor_int, cursor_ts, backfill_mark) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (config_id) DO UPDATE SET cursor_int = excluded.cursor_int, "
                "cursor_ts = excluded.cursor_ts, backfill_mark = excluded.backfill_mark",
            {std::to_string(config_id), num(s.cursor_int), s.cursor_ts, num(s.backfill_mark)});
}

std::string normalise_column(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '/') {
      out += '_';
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> normalise_columns(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::map<std::string, std::string> seen;  // lower-cased normalised → source name
  for (const auto& name : names) {
    std::string n = normalise_column(name);
    if (n.empty()) {
      throw common::UserError("source column '" + name +
                              "' has no letters, digits or '_' left after normalisation: "
                              "rename it in a custom query");
    }
    std::string key = n;
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto it = seen.find(key); it != seen.end()) {
      throw common::UserError("source columns '" + it->second + "' and '" + name +
                              "' both normalise to '" + n +
                              "': rename one of them in a custom query");
    }
    seen[key] = name;
    out.push_back(n);
  }
  return out;
}

std::string safe_destination_name(const std::string& name) {
  std::string out;
  bool in_run = false;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      out += c;
      in_run = false;
    } else if (!in_run) {
      out += '_';
      in_run = true;
    }
  }
  return out;
}

}  // namespace larkbase::loader
