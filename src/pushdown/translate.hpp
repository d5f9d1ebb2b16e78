#pragma once
// Constraints → the records/search request (filter, sort, page size, field
// names) or a batch_get by record id, with a report of what was pushed, what Lark
// answers exactly, and what is left to the exact evaluator.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "lark/record_query.hpp"
#include "pushdown/constraints.hpp"
#include "pushdown/translate_options.hpp"
#include "types/table_schema.hpp"

namespace larkbase::pushdown {

enum class Access {
  kSearch,     // records/search with `filter` and `sort`
  kRecordIds,  // batch_get of `record_ids`; no filter or sort reaches Lark
  kNothing,    // the constraints admit no row: make no call at all
};
const char* to_string(Access access);

struct ColumnReport {
  std::string column;
  std::string constraint;      // the SQL form, e.g. "x > 5 OR x IS NULL"
  bool pushed = false;         // at least one condition reached Lark
  bool exact_by_lark = false;  // Lark keeps exactly the rows SQL keeps
  common::Json conditions;     // this column's share of the filter
  std::vector<std::string> notes;
};

struct PushdownPlan {
  Access access = Access::kSearch;
  lark::RecordQuery query;              // what records/search sends (Access::kSearch)
  std::vector<std::string> record_ids;  // Access::kRecordIds
  std::optional<int64_t> limit;
  // The reader may stop once it has emitted this many exactly-matching rows: the
  // LIMIT when there is no ORDER BY or Lark's order is exact, else nullopt (the
  // engine sorts everything it gets).
  std::optional<int64_t> stop_after;
  // Every constraint is answered exactly by Lark, so Lark's rows are the result
  // rows (the evaluator still runs; it just removes nothing).
  bool filter_exact = false;
  bool order_exact = false;  // Lark's order is the SQL order of every ORDER BY key
  std::vector<ColumnReport> columns;
  std::vector<std::string> notes;  // plan-level decisions (limits, sort, page size)
};

// Never throws for constraints it cannot push; an unknown column is reported and
// left to the evaluator.
PushdownPlan translate(const Constraints& constraints, const types::TableSchema& schema,
                       const TranslateOptions& options = {});

}  // namespace larkbase::pushdown
