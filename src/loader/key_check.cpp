#include "loader/key_check.hpp"

namespace larkbase::loader {
namespace {

bool due(const std::optional<Seconds>& last, int hours, Seconds now) {
  return hours <= 0 || !last || now - *last >= Seconds{hours} * 3600;
}

std::string not_due(const std::string& what, const std::optional<Seconds>& last, int hours) {
  return "; " + what + " not due (last completed " + format_utc(last.value_or(0)) + ", every " +
         std::to_string(hours) + " h)";
}

}  // namespace

KeyCheckPlan plan_key_check(const TableConfig& t, bool has_primary_key, Seconds now,
                            int delete_check_hours, int drift_check_hours) {
  KeyCheckPlan plan;
  if (!t.is_delete && !t.drift_check) return plan;
  if (!has_primary_key) {
    plan.note = "; delete/drift check skipped: no primary key";
    return plan;
  }
  if (t.is_delete) {
    plan.deletes = due(t.deletes_checked_at, delete_check_hours, now);
    if (!plan.deletes)
      plan.note += not_due("delete check", t.deletes_checked_at, delete_check_hours);
  }
  if (!t.drift_check) return plan;
  if (t.query) {
    // The custom query's rows are not the table's rows: a key comparison
    // would count rows the query filters out on purpose.
    plan.note += "; drift check skipped: custom-query table";
  } else if (t.is_delete) {
    plan.drift = plan.deletes;  // the same key read, so no throttle of its own
  } else {
    plan.drift = due(t.drift_checked_at, drift_check_hours, now);
    if (!plan.drift) plan.note += not_due("drift check", t.drift_checked_at, drift_check_hours);
  }
  return plan;
}

void KeyCheckResult::add_to(LoadOutcome& o) const {
  o.deletes_checked = deletes_checked;
  o.drift_missing = drift_missing;
  o.message += message;
}

std::string key_match(Target& t, const std::vector<std::string>& pk, const std::string& left,
                      const std::string& right) {
  std::string out;
  for (const auto& k : pk) {
    out +=
        (out.empty() ? "" : " AND ") + left + "." + t.column(k) + " = " + right + "." + t.column(k);
  }
  return out;
}

long long apply_deletes(Target& target, const std::string& dest, const std::string& keys,
                        const std::vector<std::string>& pk, const std::string& mode, Seconds now) {
  std::string table = target.table(dest);
  std::string missing = "NOT EXISTS (SELECT 1 FROM " + target.table(keys) + " k WHERE " +
                        key_match(target, pk, "k", table) + ")";
  Db& db = target.db();
  if (mode == "hard") return db.exec("DELETE FROM " + table + " WHERE " + missing).affected;
  long long flagged =
      db.exec("UPDATE " + table +
                  " SET is_delete = TRUE, deleted_at = $1 WHERE NOT is_delete AND " + missing,
              {format_utc(now)})
          .affected;
  db.exec("UPDATE " + table + " SET is_delete = FALSE, deleted_at = NULL WHERE is_delete AND NOT " +
          missing);
  return flagged;
}

long long count_missing(Target& target, const std::string& dest, const std::string& keys,
                        const std::vector<std::string>& pk) {
  std::string table = target.table(dest);
  auto r = target.db().exec("SELECT COUNT(*) FROM " + target.table(keys) +
                            " k WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE " +
                            key_match(target, pk, "k", table) + ")");
  return std::stoll(*r.rows.at(0)[0]);
}

}  // namespace larkbase::loader
