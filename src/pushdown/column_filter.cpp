// Per-column translation. Each value set becomes a disjunction of terms (each a
// conjunction of Lark conditions) that together hold for every value in the set;
// the terms are then laid out in the one-level filter shape, with isEmpty added
// wherever the set admits NULL. Any step that cannot keep the superset property
// widens (hull of the ranges, then "any non-empty value") or gives up.
#include "pushdown/column_filter.hpp"

#include <algorithm>
#include <optional>

#include "pushdown/lark_values.hpp"
#include "pushdown/like_pattern.hpp"

namespace larkbase::pushdown {
namespace {

using common::Json;
using types::FieldKind;

// Longer operands are left to the evaluator: Lark documents no operand length
// limit for search, and a rejected filter would fail the query.
constexpr size_t kMaxOperandBytes = 1000;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_phone_text(const std::string& s) {
  size_t i = s.size() > 0 && s[0] == '+' ? 1 : 0;
  if (i == s.size()) return false;
  return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

Json condition(const std::string& field, const char* op, Json value) {
  return {{"field_name", field}, {"operator", op}, {"value", std::move(value)}};
}

// A conjunction of conditions; no atoms = "any non-NULL value".
struct Term {
  std::vector<Json> atoms;
  bool negative = false;  // isNot atoms, which may also match empty cells
};

class ColumnTranslator {
 public:
  ColumnTranslator(const types::Column& column, const TranslateOptions& options)
      : column_(column),
        family_(family_of(column)),
        options_(options),
        field_(column.lark_field_name) {}

  ColumnFilter run(const RangeSet* set, const std::vector<const LikeConstraint*>& likes) {
    out_.exact = true;
    if (set != nullptr) translate_set(*set);
    for (const auto* like : likes) translate_like(*like);
    if (out_.matches_nothing) {
      out_.conditions.clear();
      out_.groups.clear();
    }
    return std::move(out_);
  }

 private:
  void inexact(std::string note) {
    out_.exact = false;
    out_.notes.push_back(std::move(note));
  }

  Json is_empty() const { return condition(field_, "isEmpty", Json::array()); }
  Json is_not_empty() const { return condition(field_, "isNotEmpty", Json::array()); }

  bool text_like() const { return family_ == Family::kText || family_ == Family::kSingleSelect; }
  // isEmpty keeps exactly the SQL NULLs (text: only when '' is read as NULL).
  bool empty_exact() const { return !text_like() || options_.text_empty_is_null; }
  // isNotEmpty keeps every SQL non-NULL value.
  bool not_empty_superset() const { return !text_like() || options_.text_empty_is_null; }

  void translate_set(const RangeSet& set) {
    if (set.is_all()) return;
    if (set.null_allowed && options_.unreadable_cells_are_null) {
      return inexact("lenient cells: an unreadable cell reads as NULL but is not empty to Lark");
    }
    if (family_ == Family::kCheckbox) return translate_checkbox(set);
    if (set.is_none()) {
      out_.matches_nothing = true;
      return;
    }
    if (family_ == Family::kNone || (family_ == Family::kAutoNumber && !integer_bounds(set))) {
      return inexact(std::string(to_string(family_)) +
                     " column: no Lark condition is a safe superset");
    }
    if (set.is_only_null()) {
      out_.conditions.push_back(is_empty());
      if (!empty_exact()) inexact("isEmpty also keeps '' cells");
      return;
    }
    emit(terms_for(set), set.null_allowed);
  }

  // An integer-format AutoNumber compares as a number in Lark, and its text as
  // that integer in the evaluator, only against integer operands (key ranges).
  static bool integer_bounds(const RangeSet& set) {
    return std::all_of(set.ranges.begin(), set.ranges.end(), [](const Range& r) {
      return (!r.low.bounded() || r.low.value->is_int()) &&
             (!r.high.bounded() || r.high.value->is_int());
    });
  }

  bool numeric() const { return family_ == Family::kNumber || family_ == Family::kAutoNumber; }

  // Checkbox cells are never NULL (absent = false), so only the two values count.
  void translate_checkbox(const RangeSet& set) {
    bool want_false = set.contains(Value(false));
    bool want_true = set.contains(Value(true));
    if (!want_false && !want_true) {
      out_.matches_nothing = true;
    } else if (want_false != want_true) {
      out_.conditions.push_back(
          condition(field_, "is", Json::array({want_true ? "true" : "false"})));
    }
  }

  std::vector<Term> terms_for(const RangeSet& set) {
    if (set.all_values()) return {Term{}};
    if (family_ == Family::kEmptinessOnly) {
      inexact("only IS [NOT] NULL is pushed for this type");
      return {Term{}};
    }
    if (auto excluded = set.excluded_points()) return negated_terms(*excluded);
    std::vector<Term> terms;
    bool ok = true;
    for (const auto& r : set.ranges) {
      auto term = range_term(r);
      if (!term) {
        ok = false;
        break;
      }
      terms.push_back(std::move(*term));
    }
    bool one_level =
        terms.size() == 1 || (terms.size() <= options_.max_in_values &&
                              std::all_of(terms.begin(), terms.end(),
                                          [](const Term& t) { return t.atoms.size() == 1; }));
    if (ok && one_level) return terms;
    // Widen to the hull of all ranges: one range, so one conjunction.
    Range hull{set.ranges.front().low, set.ranges.back().high};
    if (auto term = range_term(hull)) {
      inexact(ok ? "value list widened to its hull [min, max]" : "ranges widened to their hull");
      return {std::move(*term)};
    }
    inexact("the values cannot be encoded for this type; only NULL handling is pushed");
    return {Term{}};
  }

  // x NOT IN (a, b, ...): isNot per value, where isNot is a superset.
  std::vector<Term> negated_terms(const std::vector<Value>& excluded) {
    bool allowed =
        family_ == Family::kNumber || (text_like() && options_.assume_case_sensitive_text);
    if (!allowed) {
      inexact(text_like() ? "isNot is not pushed: Lark's text comparison may ignore case"
                          : "isNot is not pushed for this type");
      return {Term{}};
    }
    if (excluded.size() > options_.max_in_values) {
      inexact("NOT IN list longer than " + std::to_string(options_.max_in_values));
      return {Term{}};
    }
    Term term;
    term.negative = true;
    for (const auto& v : excluded) {
      // A number no double equals (an int64 beyond 2^53) excludes no cell: sending
      // its nearest double would drop cells SQL keeps.
      if (family_ == Family::kNumber) {
        bool exact = true;
        if (encode_number(v, Rounding::kNearest, &exact) && !exact) continue;
      }
      auto operand = scalar_operand(v, Rounding::kNearest);
      if (!operand) {
        inexact("a NOT IN value cannot be encoded: " + v.to_sql());
        return {Term{}};
      }
      term.atoms.push_back(condition(field_, "isNot", Json::array({*operand})));
    }
    if (term.atoms.empty()) return {Term{}};
    return {std::move(term)};
  }

  // A number or text operand, or nullopt when it cannot be sent safely.
  std::optional<std::string> scalar_operand(const Value& v, Rounding rounding) {
    if (numeric()) {
      bool exact = true;
      auto s = encode_number(v, rounding, &exact);
      if (s && !exact && rounding == Rounding::kNearest)
        inexact("operand rounded to a double: " + v.to_sql());
      return s;
    }
    if (!v.is_string()) return std::nullopt;
    const std::string& s = v.as_string();
    // '' is an empty cell to Lark, and surrounding white space may be trimmed by
    // Lark on one side only: neither can be sent as a superset.
    if (s.empty() || s.size() > kMaxOperandBytes || is_space(s.front()) || is_space(s.back())) {
      return std::nullopt;
    }
    if (column_.kind == FieldKind::kPhone && !is_phone_text(s)) return std::nullopt;
    return s;
  }

  std::optional<Term> range_term(const Range& r) {
    if (family_ == Family::kDate) return date_term(r);
    Term term;
    if (r.is_point()) {
      auto operand = scalar_operand(*r.low.value, Rounding::kNearest);
      if (!operand) return std::nullopt;
      if (text_like() && !options_.assume_case_sensitive_text) out_.exact = false;
      term.atoms.push_back(condition(field_, "is", Json::array({*operand})));
      return term;
    }
    if (!numeric()) return r.is_all() ? std::optional<Term>(term) : std::nullopt;
    if (r.low.bounded()) {
      bool exact = true;
      auto s = encode_number(*r.low.value, Rounding::kDown, &exact);
      if (!s) return std::nullopt;
      // A rounded-down operand d < v: no double lies in (d, v), so c > d ⇔ c >= v.
      const char* op = exact && r.low.inclusive ? "isGreaterEqual" : "isGreater";
      term.atoms.push_back(condition(field_, op, Json::array({*s})));
    }
    if (r.high.bounded()) {
      bool exact = true;
      auto s = encode_number(*r.high.value, Rounding::kUp, &exact);
      if (!s) return std::nullopt;
      const char* op = exact && r.high.inclusive ? "isLessEqual" : "isLess";
      term.atoms.push_back(condition(field_, op, Json::array({*s})));
    }
    return term;
  }

  // Lark compares dates by day in an unknown zone: each bound moves outward by
  // kDateWideningMs, only isGreater/isLess with ExactDate are used.
  std::optional<Term> date_term(const Range& r) {
    Term term;
    out_.exact = false;
    if (r.low.bounded()) {
      auto ms = instant_of(*r.low.value, Rounding::kDown);
      if (!ms) return std::nullopt;
      if (auto s = exact_date_before(*ms)) {
        term.atoms.push_back(condition(field_, "isGreater", Json::array({"ExactDate", *s})));
      }
    }
    if (r.high.bounded()) {
      auto ms = instant_of(*r.high.value, Rounding::kUp);
      if (!ms) return std::nullopt;
      if (auto s = exact_date_after(*ms)) {
        term.atoms.push_back(condition(field_, "isLess", Json::array({"ExactDate", *s})));
      }
    }
    return term;
  }

  void emit(const std::vector<Term>& terms, bool null_allowed) {
    if (terms.size() > 1) {  // every term is a single atom here
      std::vector<Json> group;
      for (const auto& t : terms) group.push_back(t.atoms.front());
      if (null_allowed) group.push_back(is_empty());
      if (null_allowed && !empty_exact()) inexact("isEmpty also keeps '' cells");
      out_.groups.push_back(std::move(group));
      return;
    }
    const Term& term = terms.front();
    if (term.atoms.empty()) {
      if (null_allowed) return inexact("nothing to push: any value or NULL");
      if (not_empty_superset()) {
        out_.conditions.push_back(is_not_empty());
      } else {
        inexact("isNotEmpty is not pushed: Lark treats '' as empty");
      }
      return;
    }
    if (!null_allowed) {
      out_.conditions.insert(out_.conditions.end(), term.atoms.begin(), term.atoms.end());
      if (term.negative) {
        if (not_empty_superset()) {
          out_.conditions.push_back(is_not_empty());
        } else {
          out_.exact = false;  // isNot may keep empty cells; the evaluator drops them
        }
      }
      return;
    }
    // (a AND b) OR NULL == (a OR isEmpty) AND (b OR isEmpty): one group per atom.
    if (!empty_exact()) inexact("isEmpty also keeps '' cells");
    for (const auto& atom : term.atoms) out_.groups.push_back({atom, is_empty()});
  }

  void translate_like(const LikeConstraint& like) {
    if (family_ != Family::kText) {
      return inexact("LIKE is only pushed on text columns (contains)");
    }
    LikePattern pattern(like.pattern, like.ascii_case_insensitive);
    const auto& runs = pattern.literal_runs();
    bool exact = options_.assume_case_sensitive_text && !like.ascii_case_insensitive &&
                 runs.size() == 1 && like.pattern == "%" + runs.front() + "%";
    size_t pushed = 0;
    for (const auto& run : runs) {
      bool blank = std::all_of(run.begin(), run.end(), is_space);
      bool has_letter = std::any_of(run.begin(), run.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      });
      // A case-insensitive LIKE needs a case-insensitive Lark, which is not known.
      if (blank || run.size() > kMaxOperandBytes || (like.ascii_case_insensitive && has_letter)) {
        continue;
      }
      out_.conditions.push_back(condition(field_, "contains", Json::array({run})));
      ++pushed;
    }
    if (!exact || pushed != runs.size()) {
      inexact("LIKE '" + like.pattern + "' pushed as contains of its literal parts");
    }
  }

  const types::Column& column_;
  Family family_;
  const TranslateOptions& options_;
  std::string field_;
  ColumnFilter out_;
};

}  // namespace

Family family_of(const types::Column& column) {
  if (!column.has_lark_field()) return Family::kNone;
  switch (column.kind) {
    case FieldKind::kText:
    case FieldKind::kBarcode:
    case FieldKind::kEmail:
    case FieldKind::kPhone:
      return column.role == types::ColumnRole::kField ? Family::kText : Family::kNone;
    case FieldKind::kNumber:
    case FieldKind::kProgress:
    case FieldKind::kCurrency:
    case FieldKind::kRating:
      return Family::kNumber;
    case FieldKind::kSingleSelect:
      return Family::kSingleSelect;
    case FieldKind::kDateTime:
    case FieldKind::kCreatedTime:
    case FieldKind::kModifiedTime:
      return Family::kDate;
    case FieldKind::kCheckbox:
      return Family::kCheckbox;
    case FieldKind::kAutoNumber:
      return column.integer_auto_number && column.role == types::ColumnRole::kField
                 ? Family::kAutoNumber
                 : Family::kNone;
    case FieldKind::kUser:
    case FieldKind::kGroupChat:
    case FieldKind::kAttachment:
    case FieldKind::kSingleLink:
    case FieldKind::kDuplexLink:
      return Family::kEmptinessOnly;
    default:
      return Family::kNone;
  }
}

const char* to_string(Family family) {
  switch (family) {
    case Family::kNumber:
      return "number";
    case Family::kText:
      return "text";
    case Family::kSingleSelect:
      return "single select";
    case Family::kDate:
      return "date";
    case Family::kAutoNumber:
      return "integer auto number";
    case Family::kCheckbox:
      return "checkbox";
    case Family::kEmptinessOnly:
      return "emptiness-only";
    case Family::kNone:
      return "unpushable";
  }
  return "?";
}

int ColumnFilter::condition_count() const {
  int n = static_cast<int>(conditions.size());
  for (const auto& g : groups) n += static_cast<int>(g.size());
  return n;
}

ColumnFilter translate_column(const types::Column& column, const RangeSet* set,
                              const std::vector<const LikeConstraint*>& likes,
                              const TranslateOptions& options) {
  return ColumnTranslator(column, options).run(set, likes);
}

}  // namespace larkbase::pushdown
