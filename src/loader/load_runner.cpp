#include "loader/load_runner.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "common/log.hpp"

namespace larkbase::loader {

struct LoadRunner::Prepared {
  ReadSpec base;
  std::vector<std::string> source_names;
  std::vector<TargetColumn> columns;
  std::vector<std::string> primary_key;  // normalised
  std::string dest;
  std::string stage;
  std::string shadow;
  int cursor_index = -1;  // incremental column in the rows read
  bool soft_delete = false;
};

namespace {

constexpr int kDefaultLookbackHours = 12;
constexpr int kDefaultRollingDays = 90;
// Rows fetched from the source per round trip (the spec's JDBC fetch size).
constexpr std::size_t kDefaultFetchRows = 100000;

bool cursor_less(const std::string& type, const std::string& a, const std::string& b) {
  if (type == "integer") return std::stoll(a) < std::stoll(b);
  return a < b;  // `YYYY-MM-DD HH:MM:SS[.ffffff]` sorts as text
}

std::optional<std::string> max_of(const std::vector<Row>& rows, int index,
                                  const std::string& type) {
  std::optional<std::string> best;
  if (index < 0) return best;
  for (const Row& r : rows) {
    const Value& v = r[static_cast<std::size_t>(index)];
    if (v && (!best || cursor_less(type, *best, *v))) best = *v;
  }
  return best;
}

std::string join_columns(Target& t, const std::vector<TargetColumn>& cols) {
  std::string out;
  for (const auto& c : cols) out += (out.empty() ? "" : ", ") + t.column(c.name);
  return out;
}

}  // namespace

LoadRunner::LoadRunner(const TableConfig& table, Source& source, Target& target, Seconds now,
                       LoadHooks hooks)
    : table_(table), source_(source), target_(target), now_(now), hooks_(std::move(hooks)) {}

void LoadRunner::ensure_ours() {
  if (hooks_.still_ours && !hooks_.still_ours()) {
    throw common::ExternalError(
        "load cancelled before commit: the run was cancelled or taken over "
        "by a monitor; target and cursor unchanged");
  }
}

LoadOutcome LoadRunner::outcome(long long read, long long written, const std::string& message) {
  LoadOutcome o;
  o.rows_read = read;
  o.rows_processed = written;
  o.cursor_int = state_.cursor_int;
  o.cursor_ts = state_.cursor_ts;
  o.strategy_after = table_.strategy;
  o.message = message;
  return o;
}

LoadOutcome LoadRunner::run() {
  Prepared p;
  p.base.schema = table_.source_schema;
  p.base.table = table_.source_name;
  p.base.query = table_.query;
  auto source_columns = source_.columns(p.base);
  for (const auto& c : source_columns) p.source_names.push_back(c.name);
  auto normalised = normalise_columns(p.source_names);
  for (std::size_t i = 0; i < source_columns.size(); ++i) {
    p.columns.push_back({normalised[i], source_columns[i].kind});
    if (table_.incremental_column && source_columns[i].name == *table_.incremental_column) {
      p.cursor_index = static_cast<int>(i);
    }
  }
  for (const auto& k : table_.primary_key) {
    auto it = std::find(p.source_names.begin(), p.source_names.end(), k);
    if (it == p.source_names.end()) {
      throw common::UserError("primary key column '" + k + "' is not a column of source table '" +
                              table_.source_name + "'");
    }
    p.primary_key.push_back(normalised[static_cast<std::size_t>(it - p.source_names.begin())]);
  }
  if (table_.incremental_column && p.cursor_index < 0 && table_.strategy != "full" &&
      table_.strategy != "rolling") {
    throw common::UserError("incremental column '" + *table_.incremental_column +
                            "' is not a column of source table '" + table_.source_name + "'");
  }
  p.base.columns = p.source_names;
  p.dest = table_.destination_name;
  std::string id = std::to_string(table_.config_id);
  // Names carry the config id: two configs writing one destination never
  // share a stage (spec §8.14).
  p.stage = p.dest + "__stage_" + id;
  p.shadow = p.dest + "__shadow_" + id;
  p.soft_delete = table_.is_delete && table_.delete_mode == "soft";
  target_.ensure_schema();
  state_ = target_.state(table_.config_id);
  // The target's state is authoritative: it commits with the data.
  if (!state_.cursor_int && !state_.cursor_ts) {
    state_.cursor_int = table_.cursor_int;
    state_.cursor_ts = table_.cursor_ts;
  }
  LoadOutcome o = dispatch(p);
  // The history shows the cursor each load ended with.
  if (!o.cursor_to && o.cursor_int) o.cursor_to = std::to_string(*o.cursor_int);
  if (!o.cursor_to && o.cursor_ts) o.cursor_to = o.cursor_ts;
  return o;
}

LoadOutcome LoadRunner::dispatch(const Prepared& p) {
  const std::string& s = table_.strategy;
  if (s == "full") return full(p, false);
  if (s == "incremental") return incremental(p);
  if (s == "append_only") return append_only(p);
  if (s == "rolling") return rolling(p);
  if (s == "check_and_load") return check_and_load(p);
  if (s == "chunked_backfill") return chunked_backfill(p);
  throw common::UserError("unknown load strategy '" + s + "'");
}

LoadRunner::Copied LoadRunner::copy(const ReadSpec& spec, const std::string& into,
                                    const std::vector<TargetColumn>& columns, int cursor_index) {
  Copied c;
  const std::string type = table_.incremental_type.value_or("timestamp");
  std::size_t batch_rows = hooks_.fetch_rows > 0 ? hooks_.fetch_rows : kDefaultFetchRows;
  source_.read_batches(spec, batch_rows, [&](std::vector<Row>& batch) {
    target_.insert(into, columns, batch);
    c.rows += static_cast<long long>(batch.size());
    auto m = max_of(batch, cursor_index, type);
    if (m && (!c.max || cursor_less(type, *c.max, *m))) c.max = m;
  });
  return c;
}

LoadOutcome LoadRunner::full(const Prepared& p, bool keep_cursor_from_rows) {
  Transaction tx(target_.db());
  target_.drop_if_exists(p.shadow);
  target_.create_table(p.shadow, p.columns, p.primary_key, p.soft_delete);
  Copied c = copy(p.base, p.shadow, p.columns, p.cursor_index);
  target_.swap_in(p.shadow, p.dest);
  if (keep_cursor_from_rows && table_.incremental_type && c.max) {
    if (*table_.incremental_type == "integer") state_.cursor_int = std::stoll(*c.max);
    if (*table_.incremental_type == "timestamp") state_.cursor_ts = *c.max;
  }
  state_.backfill_mark.reset();
  target_.save_state(table_.config_id, state_);
  ensure_ours();
  tx.commit();
  return outcome(c.rows, c.rows,
                 "full load: replaced " + p.dest + " with " + std::to_string(c.rows) + " rows");
}

void LoadRunner::add_new_columns(const Prepared& p) {
  auto existing = target_.db().exec("SELECT * FROM " + target_.table(p.dest) + " LIMIT 0").columns;
  for (const auto& c : p.columns) {
    if (std::find(existing.begin(), existing.end(), c.name) == existing.end()) {
      target_.db().exec_script("ALTER TABLE " + target_.table(p.dest) + " ADD COLUMN " +
                               target_.column(c.name) + " " +
                               (c.kind == "integer" ? "BIGINT"
                                : c.kind == "real"  ? "REAL"
                                                    : "TEXT"));
    }
  }
}

void LoadRunner::merge(const Prepared& p, const std::string& stage, const std::string* cutoff) {
  std::string cols = join_columns(target_, p.columns);
  std::string sql = "INSERT INTO " + target_.table(p.dest) + " (" + cols + ") SELECT " + cols +
                    " FROM " + target_.table(stage) + " WHERE TRUE ON CONFLICT (";
  for (std::size_t i = 0; i < p.primary_key.size(); ++i) {
    sql += (i ? ", " : "") + target_.column(p.primary_key[i]);
  }
  std::string updates;
  for (const auto& c : p.columns) {
    if (std::find(p.primary_key.begin(), p.primary_key.end(), c.name) != p.primary_key.end())
      continue;
    updates += (updates.empty() ? "" : ", ") + target_.column(c.name) + " = excluded." +
               target_.column(c.name);
  }
  sql += ") DO " + (updates.empty() ? std::string("NOTHING") : "UPDATE SET " + updates);
  target_.db().exec(sql);
  if (cutoff) {
    // Rolling: rows inside the window that the source no longer has.
    std::string rc = target_.column(normalise_column(*table_.rolling_column));
    target_.db().exec("DELETE FROM " + target_.table(p.dest) + " WHERE " + rc +
                          " >= $1 AND NOT EXISTS (SELECT 1 FROM " + target_.table(stage) +
                          " s WHERE " +
                          key_match(target_, p.primary_key, "s", target_.table(p.dest)) + ")",
                      {*cutoff});
  }
}

KeyCheckResult LoadRunner::check_keys(const Prepared& p) {
  KeyCheckPlan plan = plan_key_check(table_, !p.primary_key.empty(), now_,
                                     hooks_.delete_check_hours, hooks_.drift_check_hours);
  KeyCheckResult result;
  result.message = plan.note;
  if (!plan.deletes && !plan.drift) return result;
  // The source table's keys (never the custom query: spec §2.6).
  ReadSpec keys_spec;
  keys_spec.schema = table_.source_schema;
  keys_spec.table = table_.source_name;
  std::vector<TargetColumn> key_columns;
  for (std::size_t i = 0; i < p.source_names.size(); ++i) {
    if (std::find(p.primary_key.begin(), p.primary_key.end(), p.columns[i].name) !=
        p.primary_key.end()) {
      keys_spec.columns.push_back(p.source_names[i]);
      key_columns.push_back(p.columns[i]);
    }
  }
  std::string key_table = p.dest + "__keys_" + std::to_string(table_.config_id);
  target_.drop_if_exists(key_table);
  target_.create_table(key_table, key_columns, {}, false);
  if (copy(keys_spec, key_table, key_columns, -1).rows == 0 && target_.count(p.dest) > 0) {
    // Not a completed pass: nothing is stamped, the next run tries again.
    target_.drop_if_exists(key_table);
    result.message += "; delete/drift check skipped: the source returned no keys while " + p.dest +
                      " has rows (no mass delete)";
    return result;
  }
  // Indexed after the bulk insert: without it SQLite answers the anti-joins
  // by scanning every key for every target row.
  std::string key_list;
  for (const auto& k : p.primary_key)
    key_list += (key_list.empty() ? "" : ", ") + target_.column(k);
  target_.db().exec_script("CREATE INDEX " + target_.column(key_table + "_idx") + " ON " +
                           target_.table(key_table) + " (" + key_list + ")");
  if (plan.deletes) {
    long long n =
        apply_deletes(target_, p.dest, key_table, p.primary_key, table_.delete_mode, now_);
    result.deletes_checked = true;
    result.message += "; " + std::to_string(n) + " rows " +
                      (table_.delete_mode == "hard" ? "deleted" : "flagged deleted");
  }
  if (plan.drift) {
    long long n = count_missing(target_, p.dest, key_table, p.primary_key);
    result.drift_missing = n;
    result.message += "; drift check: " + std::to_string(n) + " source rows missing from " +
                      p.dest + (n > 0 ? " (not loaded: reload to fetch them)" : "");
  }
  target_.drop_if_exists(key_table);
  return result;
}

void LoadRunner::check_keys_without_load(Transaction& tx, const Prepared& p, LoadOutcome& o) {
  if (!target_.exists(p.dest)) return;
  KeyCheckResult keys = check_keys(p);
  keys.add_to(o);
  if (!keys.deletes_checked && !keys.drift_missing) return;  // rolls back
  ensure_ours();
  tx.commit();
}

LoadOutcome LoadRunner::incremental(const Prepared& p) {
  const std::string type = table_.incremental_type.value_or("timestamp");
  if (!target_.exists(p.dest) || table_.load_full) {
    LoadOutcome o = full(p, true);
    o.message = "first/forced load: " + o.message;
    return o;
  }
  ReadSpec spec = p.base;
  std::optional<std::string> from;
  if (type == "integer" && state_.cursor_int) from = std::to_string(*state_.cursor_int);
  if (type == "timestamp" && state_.cursor_ts) {
    int hours = table_.lookback_hours.value_or(kDefaultLookbackHours);
    auto t = parse_utc(*state_.cursor_ts);
    from = t ? format_utc(*t - Seconds{hours} * 3600) : *state_.cursor_ts;
    if (hours == 0) from = *state_.cursor_ts;  // exact, sub-seconds kept
  }
  if (from) spec.where.push_back({*table_.incremental_column, ">", type, *from});
  LoadOutcome o;
  Transaction tx(target_.db());
  add_new_columns(p);
  target_.drop_if_exists(p.stage);
  target_.create_table(p.stage, p.columns, {}, false);
  Copied c = copy(spec, p.stage, p.columns, p.cursor_index);
  long long read = c.rows;
  if (read == 0) {
    // No cursor change; the stage is gone whether or not a key check commits.
    o = outcome(
        0, 0,
        "incremental: window above " + from.value_or("(start)") + " is empty; nothing merged");
    target_.drop_if_exists(p.stage);
    check_keys_without_load(tx, p, o);
  } else {
    merge(p, p.stage, nullptr);
    target_.drop_if_exists(p.stage);
    KeyCheckResult keys = check_keys(p);
    std::string max = *c.max;
    std::string warning;
    if (type == "integer") {
      state_.cursor_int = std::max(state_.cursor_int.value_or(std::stoll(max)), std::stoll(max));
    } else {
      auto t = parse_utc(max);
      if (t && *t > now_ + 3600) {
        max = format_utc(now_);
        warning = "; cursor capped to run start (source value lies in the future)";
      }
      if (!state_.cursor_ts || cursor_less(type, *state_.cursor_ts, max)) state_.cursor_ts = max;
    }
    target_.save_state(table_.config_id, state_);
    ensure_ours();
    tx.commit();
    o = outcome(read, read,
                "incremental: merged " + std::to_string(read) + " rows above " +
                    from.value_or("(start)") + " into " + p.dest + warning);
    keys.add_to(o);
  }
  o.cursor_from = from;
  o.cursor_to = type == "integer"
                    ? (o.cursor_int ? std::optional<std::string>(std::to_string(*o.cursor_int))
                                    : std::nullopt)
                    : o.cursor_ts;
  return o;
}

LoadOutcome LoadRunner::append_only(const Prepared& p) {
  const std::string type = table_.incremental_type.value_or("timestamp");
  ReadSpec spec = p.base;
  std::optional<std::string> from;
  bool exists = target_.exists(p.dest);
  if (exists && !table_.load_full) {
    // No lookback: a re-read would append duplicates.
    if (type == "integer" && state_.cursor_int) from = std::to_string(*state_.cursor_int);
    if (type == "timestamp" && state_.cursor_ts) from = *state_.cursor_ts;
    if (from) spec.where.push_back({*table_.incremental_column, ">", type, *from});
  }
  Transaction tx(target_.db());
  Copied c;
  if (!exists || table_.load_full) {
    target_.drop_if_exists(p.shadow);
    target_.create_table(p.shadow, p.columns, {}, p.soft_delete);
    c = copy(spec, p.shadow, p.columns, p.cursor_index);
    target_.swap_in(p.shadow, p.dest);
  } else {
    add_new_columns(p);
    c = copy(spec, p.dest, p.columns, p.cursor_index);
    if (c.rows == 0) {
      LoadOutcome o = outcome(0, 0, "append_only: nothing above " + from.value_or("(start)"));
      o.cursor_from = from;
      check_keys_without_load(tx, p, o);
      return o;
    }
  }
  long long read = c.rows;
  KeyCheckResult keys = check_keys(p);
  if (c.max) {
    if (type == "integer")
      state_.cursor_int = std::stoll(*c.max);
    else
      state_.cursor_ts = *c.max;
  }
  target_.save_state(table_.config_id, state_);
  ensure_ours();
  tx.commit();
  LoadOutcome o =
      outcome(read, read, "append_only: appended " + std::to_string(read) + " rows to " + p.dest);
  keys.add_to(o);
  o.cursor_from = from;
  return o;
}

LoadOutcome LoadRunner::rolling(const Prepared& p) {
  if (!table_.rolling_column)
    throw common::UserError("rolling load of '" + p.dest + "' needs rolling_column");
  if (!target_.exists(p.dest) || table_.load_full) return full(p, false);
  int days = table_.rolling_days.value_or(kDefaultRollingDays);
  std::string cutoff = format_utc(now_ - Seconds{days} * 86400).substr(0, 10);
  ReadSpec spec = p.base;
  spec.where.push_back({*table_.rolling_column, ">=", "date", cutoff});
  Transaction tx(target_.db());
  add_new_columns(p);
  target_.drop_if_exists(p.stage);
  target_.create_table(p.stage, p.columns, {}, false);
  long long read = copy(spec, p.stage, p.columns, p.cursor_index).rows;
  if (read == 0) {
    // Merging an empty window would delete the whole window.
    LoadOutcome o =
        outcome(0, 0, "rolling: source window from " + cutoff + " is empty; merge skipped");
    target_.drop_if_exists(p.stage);
    check_keys_without_load(tx, p, o);
    return o;
  }
  merge(p, p.stage, &cutoff);
  target_.drop_if_exists(p.stage);
  KeyCheckResult keys = check_keys(p);
  target_.save_state(table_.config_id, state_);
  ensure_ours();
  tx.commit();
  LoadOutcome o =
      outcome(read, read, "rolling: merged " + std::to_string(read) + " rows from " + cutoff);
  keys.add_to(o);
  o.cursor_from = cutoff;
  return o;
}

LoadOutcome LoadRunner::check_and_load(const Prepared& p) {
  const std::string type = table_.incremental_type.value_or("timestamp");
  std::optional<std::string> from;
  if (type == "integer" && state_.cursor_int) from = std::to_string(*state_.cursor_int);
  if (type == "timestamp" && state_.cursor_ts) from = *state_.cursor_ts;
  if (target_.exists(p.dest) && from && !table_.load_full) {
    ReadSpec spec = p.base;
    spec.where.push_back({*table_.incremental_column, ">", type, *from});
    if (source_.count(spec) == 0) {
      LoadOutcome o = outcome(0, 0, "check_and_load: no rows above " + *from + "; nothing loaded");
      Transaction tx(target_.db());
      check_keys_without_load(tx, p, o);
      return o;
    }
  }
  LoadOutcome o = full(p, true);
  o.message = "check_and_load: changes found; " + o.message;
  o.cursor_from = from;
  return o;
}

LoadOutcome LoadRunner::chunked_backfill(const Prepared& p) {
  if (!table_.partition_column) {
    throw common::UserError("chunked_backfill of '" + p.dest +
                            "' needs partition_column (an integer key)");
  }
  const std::string& key = *table_.partition_column;
  auto key_it = std::find(p.source_names.begin(), p.source_names.end(), key);
  if (key_it == p.source_names.end())
    throw common::UserError("partition column '" + key + "' is not a source column");
  std::string key_target =
      p.columns[static_cast<std::size_t>(key_it - p.source_names.begin())].name;
  auto [min_v, max_v] = source_.range(p.base, key);
  std::string shadow = p.dest + "__backfill_" + std::to_string(table_.config_id);
  long long rows_total = 0;
  long long start = min_v ? std::stoll(*min_v) : 0;
  long long max = max_v ? std::stoll(*max_v) : -1;
  bool resumed = state_.backfill_mark && target_.exists(shadow);
  if (resumed) {
    start = *state_.backfill_mark;
    Transaction tx(target_.db());
    // Rows of a chunk that did not finish cannot be here (its transaction
    // rolled back), but a mark moved back by hand would otherwise duplicate.
    target_.db().exec(
        "DELETE FROM " + target_.table(shadow) + " WHERE " + target_.column(key_target) + " >= $1",
        {std::to_string(start)});
    tx.commit();
  } else {
    // The hand-over cursor is fixed at the start, before any chunk is read,
    // so rows changed during the backfill are picked up by the next run.
    const std::string type = table_.incremental_type.value_or("integer");
    if (table_.incremental_column) {
      auto [imin, imax] = source_.range(p.base, *table_.incremental_column);
      (void)imin;
      if (type == "integer" && imax) state_.cursor_int = std::stoll(*imax);
      if (type == "timestamp" && imax) state_.cursor_ts = *imax;
    }
    Transaction tx(target_.db());
    target_.drop_if_exists(shadow);
    target_.create_table(shadow, p.columns, p.primary_key, p.soft_delete);
    state_.backfill_mark = start;
    target_.save_state(table_.config_id, state_);
    tx.commit();
  }
  long long span = max - start + 1;
  long long chunk = table_.chunk_size.value_or(std::max<long long>(1, (span + 9) / 10));
  int chunks = 0;
  // Half-open chunks [s, e); the last one ends at MAX + 1 so the MAX row is
  // loaded (the original lost it, spec §8.1).
  for (long long s = start; s <= max; s += chunk) {
    long long e = std::min(s + chunk, max + 1);
    ReadSpec spec = p.base;
    spec.where.push_back({key, ">=", "integer", std::to_string(s)});
    spec.where.push_back({key, "<", "integer", std::to_string(e)});
    Transaction tx(target_.db());
    long long rows = copy(spec, shadow, p.columns, p.cursor_index).rows;
    state_.backfill_mark = e;
    target_.save_state(table_.config_id, state_);
    ensure_ours();
    tx.commit();
    rows_total += rows;
    ++chunks;
    spdlog::info("loader: {} backfill chunk [{}, {}) loaded {} rows", p.dest, s, e, rows);
    if (hooks_.on_chunk) hooks_.on_chunk(e);
  }
  Transaction tx(target_.db());
  target_.swap_in(shadow, p.dest);
  state_.backfill_mark.reset();
  target_.save_state(table_.config_id, state_);
  ensure_ours();
  tx.commit();
  LoadOutcome o = outcome(rows_total, rows_total,
                          "chunked_backfill: " + std::to_string(chunks) + " chunks" +
                              (resumed ? " (resumed)" : "") + " on " + key + ", " +
                              std::to_string(target_.count(p.dest)) + " rows in " + p.dest +
                              "; handed over to incremental loads");
  o.strategy_after = p.primary_key.empty() ? "append_only" : "incremental";
  o.backfill_done = true;
  return o;
}

}  // namespace larkbase::loader
