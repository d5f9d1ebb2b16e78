#pragma once
// What each virtual-table scan of a query did, for --explain, --stats and tests:
// the pushdown plan the connector made, what SQLite kept for itself, and the
// reads' counters. Scans of one table with the same plan share one record, and
// so do lookups by record id that differ only in the ids (a join's inner loop).
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "connector/connector.hpp"
#include "pushdown/translate.hpp"

namespace larkbase::sqlite {

struct ScanRecord {
  std::string table;  // schema.table (or app_token.table_id)
  pushdown::PushdownPlan pushdown;
  bool exact = true;                     // ScanPlan::exact
  bool limit_applied = false;            // the reader enforced the LIMIT
  std::vector<std::string> unevaluated;  // ScanPlan::unevaluated
  std::vector<std::string> local;        // left to SQLite (terms, ORDER BY, LIMIT)
  uint64_t scans = 0;                    // xFilter calls that used this plan
  uint64_t snapshot_scans = 0;           // of them, answered from a table snapshot
  connector::ReadStats stats;            // summed over those scans

  std::vector<std::string> explain_lines() const;
  common::Json to_json() const;
};

class ScanLog {
 public:
  ScanRecord& record(const std::string& table, const connector::ScanPlan& plan,
                     const std::vector<std::string>& local);
  const std::deque<ScanRecord>& records() const { return records_; }
  void clear();

 private:
  std::deque<ScanRecord> records_;  // a deque keeps references valid as it grows
  std::map<std::string, size_t> by_key_;
};

}  // namespace larkbase::sqlite
