#pragma once
// ORDER BY → Lark `sort`, and the one rule deciding whether Lark's order is
// exactly the SQL order (only then may the engine skip its own sort and stop at
// LIMIT rows read in Lark's order).
#include <map>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "pushdown/constraints.hpp"
#include "pushdown/translate_options.hpp"
#include "types/table_schema.hpp"

namespace larkbase::pushdown {

struct SortDecision {
  common::Json sort;         // [{field_name, desc}] or null (sent only when exact)
  bool order_exact = false;  // Lark returns the rows in the SQL order of all keys
  std::vector<std::string> notes;
};

// The rule for one key: true when Lark's order of `column` equals SQL's order for
// `key`. Only number and date kinds qualify (their order is numeric in Lark and
// SQL alike; text collation and select order are undocumented). NULL placement
// must agree with options.lark_empty_placement, unless the key can hold no NULL
// after filtering (`may_be_null` false) or the kind always has a value
// (CreatedTime, ModifiedTime). `why` receives the reason when false.
bool key_order_exact(const types::Column& column, const SortKey& key, bool may_be_null,
                     EmptyPlacement placement, std::string* why);

// All keys: exact only when every key is. `sets` are the canonical value sets of
// the query (to know which keys exclude NULL).
SortDecision decide_sort(const std::vector<SortKey>& keys, const types::TableSchema& schema,
                         const std::map<std::string, RangeSet>& sets,
                         const TranslateOptions& options);

}  // namespace larkbase::pushdown
