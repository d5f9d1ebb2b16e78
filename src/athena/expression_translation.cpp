// Federation expressions (athena-protocol.md §5.3) → per-column value sets, LIKE
// constraints and ORs of conjunctions. A top-level element is translated whole or
// the request fails: Athena does not re-check what a connector advertised, so
// applying part of a predicate would return wrong rows.
#include <fmt/format.h>

#include <optional>
#include <utility>

#include "athena/constraints_mapping.hpp"

namespace larkbase::athena {
namespace {

using pushdown::Value;
using pushdown::ValueSet;

// ANDs every filter of `part` into `out`.
void and_into(pushdown::Constraints& out, pushdown::Constraints part) {
  for (const auto& [column, set] : part.columns) out.add(column, set);
  for (auto& like : part.likes) out.add_like(std::move(like));
  for (auto& alternative : part.any_of) out.any_of.push_back(std::move(alternative));
}

class Translator {
 public:
  explicit Translator(const Message& message) : message_(message) {}

  // The predicate `node`, or its negation when `negate` (NOT is carried down to
  // the leaves by De Morgan's laws, which hold in SQL's three-valued logic; a
  // negated comparison still admits no NULL, as NOT UNKNOWN is UNKNOWN).
  pushdown::Constraints conjunct(const WireJson& node, bool negate = false) {
    if (node["@type"] != "FunctionCallExpression") {
      fail("a top-level expression must be a function call, found " +
           node["@type"].get<std::string>());
    }
    const std::string name = node["functionName"]["functionName"].get<std::string>();
    const WireJson& args = node["arguments"];
    if (name == "$not") {
      arity(name, args, 1);
      return conjunct(args[0], !negate);
    }
    if (name == "$and" || name == "$or") {
      if (args.empty()) fail(name + " without arguments");
      std::vector<pushdown::Constraints> parts;
      for (const WireJson& arg : args) parts.push_back(conjunct(arg, negate));
      return (name == "$and") != negate ? conjunction(std::move(parts))
                                        : disjunction(std::move(parts));
    }
    pushdown::Constraints out;
    if (name == "$like_pattern") {
      arity(name, args, 2);
      const std::string column = variable(args[0], name);
      const std::vector<Value> pattern = constants(args[1], name);
      if (pattern.size() != 1 || !pattern[0].is_string()) {
        fail("$like_pattern needs one varchar pattern");
      }
      out.add_like({column, pattern[0].as_string(), false, negate});
      return out;
    }
    auto [column, set] = column_predicate(name, args, negate);
    out.add(column, set);
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw common::UserError("cannot apply the pushed expression: " + why +
                            "; the connector applies $and, $or, $not, comparisons of a column "
                            "with constants, $in, $is_null and $like_pattern");
  }

  void arity(const std::string& name, const WireJson& args, size_t n) const {
    if (args.size() != n) fail(fmt::format("{} takes {} arguments, got {}", name, n, args.size()));
  }

  std::optional<std::string> variable_or_none(const WireJson& node) const {
    if (node["@type"] != "VariableExpression") return std::nullopt;
    return node["columnName"].get<std::string>();
  }

  std::string variable(const WireJson& node, const std::string& name) const {
    auto column = variable_or_none(node);
    if (!column) fail(name + " needs a column as its first argument");
    return *column;
  }

  std::optional<std::vector<Value>> constants_or_none(const WireJson& node) const {
    if (node["@type"] == "ConstantExpression") {
      return block_values(message_.payload(node["valueBlock"]), "a constant expression");
    }
    if (node["@type"] == "FunctionCallExpression" &&
        node["functionName"]["functionName"] == "$array") {
      std::vector<Value> out;
      for (const WireJson& item : node["arguments"]) {
        auto values = constants_or_none(item);
        if (!values) return std::nullopt;
        out.insert(out.end(), values->begin(), values->end());
      }
      return out;
    }
    return std::nullopt;
  }

  std::vector<Value> constants(const WireJson& node, const std::string& name) const {
    auto values = constants_or_none(node);
    if (!values) fail(name + " needs constant operands");
    return *values;
  }

  std::pair<std::string, ValueSet> column_predicate(const std::string& name, const WireJson& args,
                                                    bool negate) {
    if (name == "$is_null") {
      arity(name, args, 1);
      return {variable(args[0], name), negate ? ValueSet::is_not_null() : ValueSet::is_null()};
    }
    if (name == "$in") {
      arity(name, args, 2);
      const std::vector<Value> values = constants(args[1], name);
      return {variable(args[0], name), negate ? ValueSet::not_in(values) : ValueSet::in(values)};
    }
    return comparison(name, args, negate);
  }

  std::pair<std::string, ValueSet> comparison(const std::string& name, const WireJson& args,
                                              bool negate) {
    static const std::vector<std::pair<std::string, std::string>> kFlipped = {
        {"$equal", "$equal"},
        {"$not_equal", "$not_equal"},
        {"$less_than", "$greater_than"},
        {"$less_than_or_equal", "$greater_than_or_equal"},
        {"$greater_than", "$less_than"},
        {"$greater_than_or_equal", "$less_than_or_equal"}};
    std::string op;
    for (const auto& [plain, flipped] : kFlipped) {
      if (name == plain) op = plain;
    }
    if (op.empty()) fail("the function " + name + " is not pushed down");
    arity(name, args, 2);
    std::optional<std::string> column = variable_or_none(args[0]);
    std::optional<std::vector<Value>> value = constants_or_none(args[1]);
    if (!column) {  // constant OP column → column OP' constant
      column = variable_or_none(args[1]);
      value = constants_or_none(args[0]);
      for (const auto& [plain, flipped] : kFlipped) {
        if (op == plain) {
          op = flipped;
          break;
        }
      }
    }
    if (!column || !value || value->size() != 1) {
      fail(name + " must compare one column with one constant");
    }
    if (negate) op = negated(op);
    const Value& v = (*value)[0];
    if (op == "$equal") return {*column, ValueSet::eq(v)};
    if (op == "$not_equal") return {*column, ValueSet::ne(v)};
    if (op == "$less_than") return {*column, ValueSet::lt(v)};
    if (op == "$less_than_or_equal") return {*column, ValueSet::le(v)};
    if (op == "$greater_than") return {*column, ValueSet::gt(v)};
    return {*column, ValueSet::ge(v)};
  }

  // NOT (a op b) for a column and a constant: the opposite comparison.
  static std::string negated(const std::string& op) {
    static const std::vector<std::pair<std::string, std::string>> kOpposites = {
        {"$equal", "$not_equal"},
        {"$less_than", "$greater_than_or_equal"},
        {"$less_than_or_equal", "$greater_than"}};
    for (const auto& [a, b] : kOpposites) {
      if (op == a) return b;
      if (op == b) return a;
    }
    return op;
  }

  static pushdown::Constraints conjunction(std::vector<pushdown::Constraints> parts) {
    pushdown::Constraints out;
    for (auto& part : parts) and_into(out, std::move(part));
    return out;
  }

  // An OR on one column is one value set (the union of the branches'), which
  // Lark can take as one `or` group; any other OR stays an OR of conjunctions.
  static pushdown::Constraints disjunction(std::vector<pushdown::Constraints> branches) {
    auto only_set =
        [](const pushdown::Constraints& c) -> const std::pair<const std::string, ValueSet>* {
      const bool one = c.likes.empty() && c.any_of.empty() && c.columns.size() == 1;
      return one ? &*c.columns.begin() : nullptr;
    };
    std::optional<ValueSet> united;
    for (const auto& branch : branches) {
      const auto* set = only_set(branch);
      if (set == nullptr || set->first != only_set(branches[0])->first) {
        united.reset();
        break;
      }
      united = united ? pushdown::unite(*united, set->second) : set->second;
    }
    pushdown::Constraints out;
    if (united) {
      out.add(branches[0].columns.begin()->first, *united);
    } else {
      out.add_any_of(std::move(branches));
    }
    return out;
  }

  const Message& message_;
};

}  // namespace

const std::vector<std::string>& pushed_functions() {
  static const std::vector<std::string> kFunctions = {"$and",
                                                      "$or",
                                                      "$not",
                                                      "$equal",
                                                      "$not_equal",
                                                      "$less_than",
                                                      "$less_than_or_equal",
                                                      "$greater_than",
                                                      "$greater_than_or_equal",
                                                      "$in",
                                                      "$is_null",
                                                      "$like_pattern"};
  return kFunctions;
}

void add_expression(const Message& message, const WireJson& expression,
                    pushdown::Constraints& out) {
  and_into(out, Translator(message).conjunct(expression));
}

}  // namespace larkbase::athena
