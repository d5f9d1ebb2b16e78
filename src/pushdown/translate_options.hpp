#pragma once
// What the translation may assume about the Lark deployment. Every default is the
// conservative reading of what the Lark docs leave open (lark-open-api.md §4.3, §9).
#include <cstddef>

namespace larkbase::pushdown {

// Where Lark's sort puts empty cells (undocumented).
enum class EmptyPlacement {
  kUnknown,      // assume nothing: a nullable sort key is never exact
  kLargest,      // last when ascending, first when descending (the emulator default)
  kSmallest,     // first when ascending, last when descending
  kAlwaysLast,   // last in both directions
  kAlwaysFirst,  // first in both directions
};

struct TranslateOptions {
  // Lark's is/isNot/contains compare text byte for byte. Unknown by default, and
  // the emulator's default folds ASCII case: with a case-insensitive Lark, `is` and
  // `contains` still return a superset, but `isNot` would drop rows SQL keeps
  // ('A' <> 'a'), so isNot (!=, NOT IN on text and single select) is only pushed
  // when this is true. It also makes text `is` count as exact.
  bool assume_case_sensitive_text = false;

  // The normaliser turns a Lark-empty text cell ("" or segments without text)
  // into NULL. Only then is `isNotEmpty` a superset of `IS NOT NULL` on text and
  // single select columns (an SQL '' would otherwise be dropped).
  bool text_empty_is_null = false;

  EmptyPlacement lark_empty_placement = EmptyPlacement::kUnknown;

  // --lenient-cells: a cell the reader cannot convert is read as NULL, but Lark
  // does not see it as empty. A condition that keeps NULLs (IS NULL, or any set
  // with NULL allowed) would then drop rows the reader keeps, so for such
  // columns nothing is pushed.
  bool unreadable_cells_are_null = false;

  // An IN list (or a set of one-sided ranges) becomes one `or` group with one
  // condition per value; longer lists are widened (numbers, dates) or not pushed.
  size_t max_in_values = 10;
  // Lark's limit on conditions in one filter (top level plus all children).
  int max_conditions = 50;
  // records/search page sizes: Lark's maximum and the size used without a LIMIT.
  int max_page_size = 500;
};

}  // namespace larkbase::pushdown
