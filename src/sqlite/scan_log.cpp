#include "sqlite/scan_log.hpp"

#include "pushdown/explain.hpp"

namespace larkbase::sqlite {

std::vector<std::string> ScanRecord::explain_lines() const {
  std::vector<std::string> lines = {"scan " + table + " (" + std::to_string(scans) + " time" +
                                    (scans == 1 ? "" : "s") + ")"};
  for (const auto& line : pushdown::explain_lines(pushdown)) lines.push_back("  " + line);
  if (scans > 1 && pushdown.access == pushdown::Access::kRecordIds) {
    lines.push_back("  (one lookup by record id per scan; the ids shown are the first scan's)");
  }
  if (snapshot_scans > 0) {
    lines.push_back("  " + std::to_string(snapshot_scans) +
                    " of the scans answered from one read of the whole table (repeated scans "
                    "of a join's inner side)");
  }
  lines.push_back(std::string("  every pushed constraint enforced by the reader: ") +
                  (exact ? "yes" : "no"));
  for (const auto& entry : unevaluated) lines.push_back("  not evaluated by the reader: " + entry);
  lines.push_back(std::string("  LIMIT enforced by the reader: ") + (limit_applied ? "yes" : "no"));
  for (const auto& entry : local) lines.push_back("  left to SQLite: " + entry);
  if (stats.cut_ranges > 0) {
    lines.push_back("  cut on " + stats.cut_column + " into " + std::to_string(stats.cut_ranges) +
                    " key ranges (read concurrently)");
  }
  lines.push_back("  read: " + stats.to_string());
  return lines;
}

common::Json ScanRecord::to_json() const {
  return {{"table", table},
          {"scans", scans},
          {"snapshot_scans", snapshot_scans},
          {"pushdown", pushdown::explain_json(pushdown)},
          {"exact", exact},
          {"limit_applied", limit_applied},
          {"unevaluated", unevaluated},
          {"local", local},
          {"read", stats.to_json()}};
}

namespace {

// Scans that differ only in the record ids they fetch (a join's inner loop
// looking up one id per outer row) are one line of the report.
std::string record_key(const std::string& table, const connector::ScanPlan& plan,
                       const std::vector<std::string>& local) {
  std::string shape =
      plan.pushdown.access == pushdown::Access::kRecordIds
          ? "record ids of " +
                common::Json(plan.pushdown.query.field_names.value_or(std::vector<std::string>{}))
                    .dump()
          : pushdown::explain_json(plan.pushdown).dump();
  return table + "\n" + shape + "\n" + common::Json(local).dump();
}

}  // namespace

ScanRecord& ScanLog::record(const std::string& table, const connector::ScanPlan& plan,
                            const std::vector<std::string>& local) {
  std::string key = record_key(table, plan, local);
  auto found = by_key_.find(key);
  if (found != by_key_.end()) return records_[found->second];
  ScanRecord& record = records_.emplace_back();
  record.table = table;
  record.pushdown = plan.pushdown;
  record.exact = plan.exact;
  record.limit_applied = plan.limit_applied;
  record.unevaluated = plan.unevaluated;
  record.local = local;
  by_key_.emplace(std::move(key), records_.size() - 1);
  return record;
}

void ScanLog::clear() {
  records_.clear();
  by_key_.clear();
}

}  // namespace larkbase::sqlite
