// Federation expressions (athena-protocol.md §5.3) → per-column value sets and
// LIKE constraints. A top-level element is translated whole or the request fails:
// Athena does not re-check what a connector advertised, so applying part of a
// predicate would return wrong rows.
#include <fmt/format.h>

#include <optional>
#include <utility>

#include "athena/constraints_mapping.hpp"

namespace larkbase::athena {
namespace {

using pushdown::Value;
using pushdown::ValueSet;

struct Conjunction {
  std::vector<std::pair<std::string, ValueSet>> sets;
  std::vector<pushdown::LikeConstraint> likes;
};

class Translator {
 public:
  explicit Translator(const Message& message) : message_(message) {}

  Conjunction conjunct(const WireJson& node) {
    if (node["@type"] != "FunctionCallExpression") {
      fail("a top-level expression must be a function call, found " +
           node["@type"].get<std::string>());
    }
    const std::string name = node["functionName"]["functionName"].get<std::string>();
    const WireJson& args = node["arguments"];
    if (name == "$and") {
      Conjunction out;
      for (const WireJson& arg : args) {
        Conjunction part = conjunct(arg);
        out.sets.insert(out.sets.end(), part.sets.begin(), part.sets.end());
        out.likes.insert(out.likes.end(), part.likes.begin(), part.likes.end());
      }
      return out;
    }
    if (name == "$or") return disjunction(args);
    if (name == "$like_pattern") {
      arity(name, args, 2);
      const std::string column = variable(args[0], name);
      const std::vector<Value> pattern = constants(args[1], name);
      if (pattern.size() != 1 || !pattern[0].is_string()) {
        fail("$like_pattern needs one varchar pattern");
      }
      return {{}, {{column, pattern[0].as_string(), false}}};
    }
    auto [column, set] = column_predicate(name, args);
    return {{{column, set}}, {}};
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw common::UserError("cannot apply the pushed expression: " + why +
                            "; the connector applies $and, $or on one column, $not of $is_null/"
                            "$equal/$in, comparisons of a column with constants, $in, $is_null "
                            "and $like_pattern");
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

  std::pair<std::string, ValueSet> column_predicate(const std::string& name, const WireJson& args) {
    if (name == "$is_null") {
      arity(name, args, 1);
      return {variable(args[0], name), ValueSet::is_null()};
    }
    if (name == "$in") {
      arity(name, args, 2);
      return {variable(args[0], name), ValueSet::in(constants(args[1], name))};
    }
    if (name == "$not") {
      arity(name, args, 1);
      const WireJson& inner = args[0];
      const std::string inner_name = inner["@type"] == "FunctionCallExpression"
                                         ? inner["functionName"]["functionName"].get<std::string>()
                                         : "";
      if (inner_name == "$is_null" || inner_name == "$equal" || inner_name == "$in") {
        auto [column, set] = column_predicate(inner_name, inner["arguments"]);
        if (inner_name == "$is_null") return {column, ValueSet::is_not_null()};
        const auto values = inner_name == "$in"
                                ? constants(inner["arguments"][1], inner_name)
                                : single_constant_operand(inner["arguments"], inner_name);
        return {column, ValueSet::not_in(values)};
      }
      fail("$not of " + (inner_name.empty() ? std::string("a non-call") : inner_name));
    }
    return comparison(name, args);
  }

  std::vector<Value> single_constant_operand(const WireJson& args, const std::string& name) {
    for (const WireJson& arg : args) {
      if (auto values = constants_or_none(arg)) return *values;
    }
    fail(name + " needs a constant operand");
  }

  std::pair<std::string, ValueSet> comparison(const std::string& name, const WireJson& args) {
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
    const Value& v = (*value)[0];
    if (op == "$equal") return {*column, ValueSet::eq(v)};
    if (op == "$not_equal") return {*column, ValueSet::ne(v)};
    if (op == "$less_than") return {*column, ValueSet::lt(v)};
    if (op == "$less_than_or_equal") return {*column, ValueSet::le(v)};
    if (op == "$greater_than") return {*column, ValueSet::gt(v)};
    return {*column, ValueSet::ge(v)};
  }

  Conjunction disjunction(const WireJson& args) {
    std::optional<std::string> column;
    std::optional<ValueSet> united;
    for (const WireJson& arg : args) {
      Conjunction part = conjunct(arg);
      if (!part.likes.empty() || part.sets.empty()) fail("$or over LIKE patterns");
      for (const auto& [name, set] : part.sets) {
        if (column && *column != name) fail("$or across columns " + *column + " and " + name);
        column = name;
      }
      ValueSet branch = part.sets[0].second;
      for (size_t i = 1; i < part.sets.size(); ++i) {
        branch = pushdown::intersect(branch, part.sets[i].second);
      }
      united = united ? pushdown::unite(*united, branch) : branch;
    }
    if (!column) fail("$or without arguments");
    return {{{*column, *united}}, {}};
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
  Translator translator(message);
  Conjunction conjunction = translator.conjunct(expression);
  for (const auto& [column, set] : conjunction.sets) out.add(column, set);
  for (auto& like : conjunction.likes) out.add_like(std::move(like));
}

}  // namespace larkbase::athena
