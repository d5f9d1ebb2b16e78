#pragma once
// Where a load writes: a PostgreSQL schema (bronze-style) or a SQLite file.
// The target also keeps each config's cursor and backfill mark in
// `larkbase_load_state`, written in the same transaction as the data, so a
// load's data and its cursor can never disagree (the control database copy
// follows after commit and is only informational).
#include <optional>
#include <string>
#include <vector>

#include "loader/db.hpp"

namespace larkbase::loader {

struct TargetColumn {
  std::string name;  // normalised
  std::string kind;
};

struct LoadState {
  std::optional<long long> cursor_int;
  std::optional<std::string> cursor_ts;
  std::optional<long long> backfill_mark;
};

class Target {
 public:
  Target(std::unique_ptr<Db> db, std::optional<std::string> schema);
  Db& db() { return *db_; }

  // `schema.name` quoted for this engine (SQLite ignores the schema).
  std::string table(const std::string& name) const;
  std::string column(const std::string& name) const { return db_->quote(name); }
  bool exists(const std::string& name);
  void ensure_schema();
  void create_table(const std::string& name, const std::vector<TargetColumn>& columns,
                    const std::vector<std::string>& primary_key, bool soft_delete_columns);
  void drop_if_exists(const std::string& name);
  // Replaces `name` by `shadow` inside the caller's transaction.
  void swap_in(const std::string& shadow, const std::string& name);
  void insert(const std::string& name, const std::vector<TargetColumn>& columns,
              const std::vector<Row>& rows);
  long long count(const std::string& name);

  LoadState state(long long config_id);
  void save_state(long long config_id, const LoadState& state);

 private:
  std::string type_of(const std::string& kind) const;
  std::unique_ptr<Db> db_;
  std::optional<std::string> schema_;
};

// Spec §5.5: spaces and '/' become '_', then anything not alphanumeric or '_'
// is dropped. Throws UserError naming both columns when two collide.
std::vector<std::string> normalise_columns(const std::vector<std::string>& names);
std::string normalise_column(const std::string& name);
// Destination table names: every run outside [A-Za-z0-9_] becomes one '_'.
std::string safe_destination_name(const std::string& name);

}  // namespace larkbase::loader
