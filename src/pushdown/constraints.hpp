#pragma once
// The constraint model handed from a front end (SQLite xBestIndex/xFilter, Athena
// JSON) to the core: per column a value set, LIKE patterns, ORs of conjunctions,
// LIMIT and ORDER BY.
// It is a value type with a JSON round trip so it can travel inside a split.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
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
  bool negated = false;  // NOT LIKE: a non-NULL cell that does not match
};

struct SortKey {
  std::string column;
  bool descending = false;
  bool nulls_first = false;  // the front end fills in its engine's default
};

struct Constraints;

// An OR of branches, ANDed with everything else; each branch is a conjunction of
// its own (columns, likes, nested any_of; no LIMIT or ORDER BY). Athena sends one
// for `a = 1 OR b = 2`, which no per-column value set can say.
struct AnyOf {
  std::vector<Constraints> branches;
};

struct Constraints {
  std::map<std::string, ValueSet> columns;  // column name → value set (ANDed)
  std::vector<LikeConstraint> likes;        // ANDed with everything else
  std::vector<AnyOf> any_of;                // ANDed with everything else
  std::optional<int64_t> limit;
  std::vector<SortKey> order_by;
  // Columns the query reads (projection); nullopt = all columns.
  std::optional<std::vector<std::string>> needed_columns;

  // ANDs `set` into the column's value set (SQLite hands predicates one by one).
  void add(const std::string& column, const ValueSet& set);
  void add_like(LikeConstraint like) { likes.push_back(std::move(like)); }
  // ANDs the OR of `branches` in, and with it what every branch implies of a
  // column they all constrain (the union of their sets): a plain value set the
  // translation can push and the key ranges can prune with.
  void add_any_of(std::vector<Constraints> branches);

  // True when some constraint can remove a row (LIMIT and ORDER BY aside).
  bool filters_rows() const { return !columns.empty() || !likes.empty() || !any_of.empty(); }
  // Every column a filter reads: value sets, LIKE patterns and OR branches.
  std::set<std::string> filtered_columns() const;
};

common::Json to_json(const Constraints& constraints);
// Throws UserError when the JSON is not what to_json produces.
Constraints constraints_from_json(const common::Json& json);

}  // namespace larkbase::pushdown
