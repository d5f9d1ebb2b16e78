#pragma once
// The constraint model handed from a front end (SQLite xBestIndex/xFilter, Athena
// JSON) to the core: per column a value set, LIKE patterns, LIMIT and ORDER BY.
// It is a value type with a JSON round trip so it can travel inside a split.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "pushdown/value_set.hpp"

namespace larkbase::pushdown {

// `column LIKE pattern`: % any run, _ one character (a UTF-8 code point), no
// ESCAPE. Byte-exact by default (Athena); SQLite's default LIKE folds ASCII case,
// which the SQLite front end says with ascii_case_insensitive.
struct LikeConstraint {
  std::string column;
  std::string pattern;
  bool ascii_case_insensitive = false;
};

struct SortKey {
  std::string column;
  bool descending = false;
  bool nulls_first = false;  // the front end fills in its engine's default
};

struct Constraints {
  std::map<std::string, ValueSet> columns;  // column name → value set (ANDed)
  std::vector<LikeConstraint> likes;        // ANDed with everything else
  std::optional<int64_t> limit;
  std::vector<SortKey> order_by;
  // Columns the query reads (projection); nullopt = all columns.
  std::optional<std::vector<std::string>> needed_columns;

  // ANDs `set` into the column's value set (SQLite hands predicates one by one).
  void add(const std::string& column, const ValueSet& set);
  void add_like(LikeConstraint like) { likes.push_back(std::move(like)); }
};

common::Json to_json(const Constraints& constraints);
// Throws UserError when the JSON is not what to_json produces.
Constraints constraints_from_json(const common::Json& json);

}  // namespace larkbase::pushdown
