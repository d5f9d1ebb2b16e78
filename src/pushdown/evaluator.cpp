#include "pushdown/evaluator.hpp"

#include <algorithm>
#include <charconv>
#include <numeric>

#include "columnar/cell_value.hpp"
#include "common/error.hpp"

namespace larkbase::pushdown {
namespace {

using columnar::TypeId;

bool is_int_type(TypeId id) {
  return id == TypeId::kInt8 || id == TypeId::kInt16 || id == TypeId::kInt32 ||
         id == TypeId::kInt64;
}
bool is_scalar_type(TypeId id) {
  return id == TypeId::kBool || is_int_type(id) || id == TypeId::kFloat32 ||
         id == TypeId::kFloat64 || id == TypeId::kUtf8;
}

// Membership of one cell in sorted, disjoint ranges; `cmp(v)` orders the cell
// against a bound value. The first range not entirely below the cell is the only
// candidate.
template <typename Cmp>
bool in_ranges(const std::vector<Range>& ranges, Cmp cmp) {
  auto it = std::partition_point(ranges.begin(), ranges.end(), [&](const Range& r) {
    if (!r.high.bounded()) return false;
    auto c = cmp(*r.high.value);
    return c > 0 || (c == 0 && !r.high.inclusive);
  });
  if (it == ranges.end()) return false;
  if (it->low.bounded()) {
    auto c = cmp(*it->low.value);
    if (c < 0 || (c == 0 && !it->low.inclusive)) return false;
  }
  return true;
}

// A text cell against an integer operand (only a key range on an integer-format
// AutoNumber makes one): a cell of digits compares as its integer, any other text
// sorts after every number, so the ranges of a cut still partition every cell.
std::strong_ordering compare_text_as_integer(std::string_view cell, const Value& operand) {
  int64_t number = 0;
  auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), number);
  bool digits = !cell.empty() && cell.front() >= '0' && cell.front() <= '9';
  if (!digits || error != std::errc() || end != cell.data() + cell.size()) {
    return std::strong_ordering::greater;
  }
  return compare_number(number, operand);
}

template <typename Keep>
void filter_rows(std::vector<uint32_t>& rows, Keep keep) {
  rows.erase(std::remove_if(rows.begin(), rows.end(), [&](uint32_t r) { return !keep(r); }),
             rows.end());
}

}  // namespace

Evaluator::Evaluator(const Constraints& constraints, const types::TableSchema& schema)
    : Evaluator(constraints, schema.arrow_schema()) {}

Evaluator::Evaluator(const Constraints& constraints, const columnar::Schema& schema) {
  for (const auto& [name, value_set] : constraints.columns) {
    RangeSet set = value_set.canonical();
    if (set.is_all()) continue;
    if (set.is_none()) matches_nothing_ = true;
    int index = schema.field_index(name);
    if (index < 0) {
      unevaluated_.push_back(name + ": no such column");
      continue;
    }
    TypeId id = schema.fields[static_cast<size_t>(index)].type->id;
    bool nulls_only = set.is_only_null() || set.all_values() || set.is_none();
    if (!is_scalar_type(id) && !nulls_only) {
      unevaluated_.push_back(name + ": " + describe(set, name) + " on a " +
                             schema.fields[static_cast<size_t>(index)].type->to_string() +
                             " column");
      continue;
    }
    predicates_.push_back({name, std::move(set), std::nullopt, !is_scalar_type(id)});
  }
  for (const auto& like : constraints.likes) {
    int index = schema.field_index(like.column);
    if (index < 0 || schema.fields[static_cast<size_t>(index)].type->id != TypeId::kUtf8) {
      unevaluated_.push_back(like.column + ": LIKE on a column that is not text");
      continue;
    }
    predicates_.push_back({like.column,
                           {},
                           LikePattern(like.pattern, like.ascii_case_insensitive),
                           false,
                           like.negated});
  }
  for (const auto& alternative : constraints.any_of) add_any_of(alternative, schema);
}

// A branch that admits no row is dropped; a branch that admits every row makes
// the whole OR true, so it is not kept at all. A branch's unevaluated constraint
// is reported (the branch, hence the OR, is then only a superset).
void Evaluator::add_any_of(const AnyOf& alternative, const columnar::Schema& schema) {
  std::vector<Evaluator> branches;
  for (const auto& branch : alternative.branches) {
    Evaluator evaluator(branch, schema);
    for (const auto& what : evaluator.unevaluated_) unevaluated_.push_back("in an OR: " + what);
    if (evaluator.matches_nothing_) continue;
    if (evaluator.predicates_.empty() && evaluator.any_of_.empty()) return;
    branches.push_back(std::move(evaluator));
  }
  if (branches.empty()) matches_nothing_ = true;
  any_of_.push_back(std::move(branches));
}

void Evaluator::keep_any(const std::vector<Evaluator>& branches, const columnar::RecordBatch& batch,
                         std::vector<uint32_t>& rows) {
  std::vector<char> kept(static_cast<size_t>(batch.num_rows), 0);
  for (const auto& branch : branches) {
    for (uint32_t row : branch.select(batch)) kept[row] = 1;
  }
  filter_rows(rows, [&](uint32_t r) { return kept[r] != 0; });
}

std::vector<uint32_t> Evaluator::select(const columnar::RecordBatch& batch) const {
  if (matches_nothing_) return {};
  std::vector<uint32_t> rows(static_cast<size_t>(batch.num_rows));
  std::iota(rows.begin(), rows.end(), 0u);
  for (const auto& p : predicates_) {
    if (rows.empty()) break;
    int index = batch.schema ? batch.schema->field_index(p.column) : -1;
    if (index < 0) {
      throw common::InternalError("the batch has no column '" + p.column +
                                  "', which a constraint needs; read it with the query's columns");
    }
    keep_matching(p, *batch.columns[static_cast<size_t>(index)], rows);
  }
  for (const auto& branches : any_of_) {
    if (rows.empty()) break;
    keep_any(branches, batch, rows);
  }
  return rows;
}

void Evaluator::keep_matching(const Predicate& p, const columnar::ArrayData& a,
                              std::vector<uint32_t>& rows) const {
  if (p.like) {
    return filter_rows(rows, [&](uint32_t r) {
      return a.is_valid(r) && p.like->matches(a.string_value(r)) != p.not_like;
    });
  }
  const RangeSet& set = p.set;
  if (p.nulls_only) {
    return filter_rows(
        rows, [&](uint32_t r) { return a.is_null(r) ? set.null_allowed : !set.ranges.empty(); });
  }
  const auto& ranges = set.ranges;
  TypeId id = a.type->id;
  if (id == TypeId::kUtf8) {
    return filter_rows(rows, [&](uint32_t r) {
      if (a.is_null(r)) return set.null_allowed;
      std::string_view cell = a.string_value(r);
      return in_ranges(ranges, [&](const Value& v) {
        return v.is_int() ? compare_text_as_integer(cell, v) : compare_text(cell, v);
      });
    });
  }
  if (id == TypeId::kFloat64 || id == TypeId::kFloat32) {
    return filter_rows(rows, [&](uint32_t r) {
      if (a.is_null(r)) return set.null_allowed;
      double cell = columnar::get_double(a, r);
      return in_ranges(ranges, [&](const Value& v) { return compare_number(cell, v); });
    });
  }
  if (id == TypeId::kBool) {
    return filter_rows(rows, [&](uint32_t r) {
      if (a.is_null(r)) return set.null_allowed;
      int64_t cell = a.bool_value(r) ? 1 : 0;
      return in_ranges(ranges, [&](const Value& v) { return compare_number(cell, v); });
    });
  }
  if (id == TypeId::kInt64) {  // the common case (dates, split keys) without a type switch per row
    return filter_rows(rows, [&](uint32_t r) {
      if (a.is_null(r)) return set.null_allowed;
      auto cell = a.value<int64_t>(r);
      return in_ranges(ranges, [&](const Value& v) { return compare_number(cell, v); });
    });
  }
  filter_rows(rows, [&](uint32_t r) {
    if (a.is_null(r)) return set.null_allowed;
    int64_t cell = columnar::get_int(a, r);
    return in_ranges(ranges, [&](const Value& v) { return compare_number(cell, v); });
  });
}

}  // namespace larkbase::pushdown
