#pragma once
// One column's share of the Lark filter: the translation of its value set and
// LIKE patterns into conditions that keep a superset of the rows SQL keeps, per
// the pushdown column of types.md and the operator rules of lark-open-api.md §4.3.
#include <string>
#include <vector>

#include "common/json.hpp"
#include "pushdown/constraints.hpp"
#include "pushdown/translate_options.hpp"
#include "types/table_schema.hpp"

namespace larkbase::pushdown {

// How a column's constraints can reach Lark (decided from the column's Lark kind).
enum class Family {
  kNumber,         // Number, Progress, Currency, Rating (and a Number split key)
  kText,           // Text, Barcode, Email, Phone
  kSingleSelect,   // as text without LIKE
  kDate,           // DateTime, CreatedTime, ModifiedTime: day-widened bounds
  kAutoNumber,     // an integer-format AutoNumber: integer operands as numbers
  kCheckbox,       // is true / is false only
  kEmptinessOnly,  // User, GroupChat, Attachment, SingleLink, DuplexLink
  kNone,           // everything else, and reserved columns
};

Family family_of(const types::Column& column);
const char* to_string(Family family);

struct ColumnFilter {
  std::vector<common::Json> conditions;           // ANDed at the top level
  std::vector<std::vector<common::Json>> groups;  // each an `or` child group
  bool matches_nothing = false;                   // the SQL constraint admits no row at all
  bool exact = false;                             // Lark keeps exactly the rows SQL keeps
  std::vector<std::string> notes;                 // what was widened or left out, and why

  int condition_count() const;
  bool empty() const { return conditions.empty() && groups.empty(); }
};

// `set` may be null (only LIKE constraints). Never throws for unsupported shapes:
// whatever cannot be pushed as a superset is left out and noted.
ColumnFilter translate_column(const types::Column& column, const RangeSet* set,
                              const std::vector<const LikeConstraint*>& likes,
                              const TranslateOptions& options);

}  // namespace larkbase::pushdown
