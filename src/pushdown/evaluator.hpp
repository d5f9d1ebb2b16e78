#pragma once
// The exact side of pushdown: decides, row by row, which rows of a batch satisfy
// the constraints under SQL rules (NULL satisfies no comparison; null_allowed
// admits it; LIKE with % and _, byte-exact unless marked ASCII case-insensitive;
// an OR keeps a row when one of its branches does).
// The reader runs it on every batch before a row is emitted or counted toward
// LIMIT, so a superset pre-filter at Lark never shows in results.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "columnar/record_batch.hpp"
#include "pushdown/constraints.hpp"
#include "pushdown/like_pattern.hpp"
#include "types/table_schema.hpp"

namespace larkbase::pushdown {

class Evaluator {
 public:
  // Value sets are evaluated on Bool, Int8..Int64, Float32/64 and Utf8 columns;
  // IS NULL / IS NOT NULL on any column; LIKE on Utf8. Anything else (a range on
  // a list column, an unknown column) is listed in unevaluated() and ignored by
  // select(), so the front end must not claim it as handled.
  Evaluator(const Constraints& constraints, const columnar::Schema& schema);
  Evaluator(const Constraints& constraints, const types::TableSchema& schema);

  // Indices of the rows that satisfy every evaluable constraint, ascending.
  // Throws InternalError when the batch lacks a column a constraint needs.
  std::vector<uint32_t> select(const columnar::RecordBatch& batch) const;

  bool matches_nothing() const { return matches_nothing_; }
  bool exact() const { return unevaluated_.empty(); }
  const std::vector<std::string>& unevaluated() const { return unevaluated_; }

 private:
  struct Predicate {
    std::string column;
    RangeSet set;                     // used when !like
    std::optional<LikePattern> like;  // LIKE predicate
    bool nulls_only = false;          // IS [NOT] NULL test on a non-scalar column
    bool not_like = false;            // NOT LIKE
  };

  void keep_matching(const Predicate& p, const columnar::ArrayData& array,
                     std::vector<uint32_t>& rows) const;
  // Keeps the rows some branch of an OR keeps.
  static void keep_any(const std::vector<Evaluator>& branches, const columnar::RecordBatch& batch,
                       std::vector<uint32_t>& rows);
  void add_any_of(const AnyOf& alternative, const columnar::Schema& schema);

  std::vector<Predicate> predicates_;
  std::vector<std::vector<Evaluator>> any_of_;  // each an OR of branch evaluators
  std::vector<std::string> unevaluated_;
  bool matches_nothing_ = false;
};

}  // namespace larkbase::pushdown
