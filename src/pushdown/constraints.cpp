#include "pushdown/constraints.hpp"

#include <optional>

#include "common/error.hpp"

namespace larkbase::pushdown {

void Constraints::add(const std::string& column, const ValueSet& set) {
  auto it = columns.find(column);
  if (it == columns.end()) {
    columns.emplace(column, set);
  } else {
    it->second = intersect(it->second, set);
  }
}

void Constraints::add_any_of(std::vector<Constraints> branches) {
  std::map<std::string, ValueSet> implied;
  if (!branches.empty()) {
    for (const auto& [name, set] : branches.front().columns) {
      std::optional<ValueSet> united = set;
      for (size_t i = 1; i < branches.size() && united; ++i) {
        auto it = branches[i].columns.find(name);
        united = it == branches[i].columns.end() ? std::nullopt
                                                 : std::optional(unite(*united, it->second));
      }
      if (united) implied.emplace(name, *united);
    }
  }
  any_of.push_back({std::move(branches)});
  for (const auto& [name, set] : implied) add(name, set);
}

std::set<std::string> Constraints::filtered_columns() const {
  std::set<std::string> names;
  for (const auto& [name, set] : columns) names.insert(name);
  for (const auto& like : likes) names.insert(like.column);
  for (const auto& alternative : any_of) {
    for (const auto& branch : alternative.branches) names.merge(branch.filtered_columns());
  }
  return names;
}

common::Json to_json(const Constraints& constraints) {
  common::Json columns = common::Json::object();
  for (const auto& [name, set] : constraints.columns) columns[name] = to_json(set);
  common::Json likes = common::Json::array();
  for (const auto& like : constraints.likes) {
    likes.push_back({{"column", like.column},
                     {"pattern", like.pattern},
                     {"ascii_case_insensitive", like.ascii_case_insensitive},
                     {"negated", like.negated}});
  }
  common::Json order = common::Json::array();
  for (const auto& key : constraints.order_by) {
    order.push_back(
        {{"column", key.column}, {"descending", key.descending}, {"nulls_first", key.nulls_first}});
  }
  common::Json any_of = common::Json::array();
  for (const auto& alternative : constraints.any_of) {
    common::Json branches = common::Json::array();
    for (const auto& branch : alternative.branches) branches.push_back(to_json(branch));
    any_of.push_back(std::move(branches));
  }
  common::Json out = {
      {"columns", columns}, {"likes", likes}, {"any_of", any_of}, {"order_by", order}};
  out["limit"] = constraints.limit ? common::Json(*constraints.limit) : common::Json();
  out["needed_columns"] =
      constraints.needed_columns ? common::Json(*constraints.needed_columns) : common::Json();
  return out;
}

Constraints constraints_from_json(const common::Json& json) {
  if (!json.is_object()) {
    throw common::UserError("constraints must be a JSON object {columns, likes, limit, order_by}");
  }
  Constraints out;
  if (auto it = json.find("columns"); it != json.end() && !it->is_null()) {
    if (!it->is_object()) throw common::UserError("constraints.columns must be an object");
    for (const auto& [name, set] : it->items()) {
      out.columns.emplace(name, value_set_from_json(set, "constraints.columns." + name));
    }
  }
  if (auto it = json.find("likes"); it != json.end() && it->is_array()) {
    for (const auto& like : *it) {
      if (!like.is_object() || !like.contains("column") || !like.contains("pattern")) {
        throw common::UserError("constraints.likes items must be {column, pattern}");
      }
      out.likes.push_back({like["column"].get<std::string>(), like["pattern"].get<std::string>(),
                           like.value("ascii_case_insensitive", false),
                           like.value("negated", false)});
    }
  }
  if (auto it = json.find("any_of"); it != json.end() && !it->is_null()) {
    if (!it->is_array()) throw common::UserError("constraints.any_of must be an array");
    for (const auto& alternative : *it) {
      if (!alternative.is_array() || alternative.empty()) {
        throw common::UserError("constraints.any_of items must be non-empty arrays of branches");
      }
      AnyOf parsed;
      for (const auto& branch : alternative)
        parsed.branches.push_back(constraints_from_json(branch));
      out.any_of.push_back(std::move(parsed));
    }
  }
  if (auto it = json.find("order_by"); it != json.end() && it->is_array()) {
    for (const auto& key : *it) {
      if (!key.is_object() || !key.contains("column")) {
        throw common::UserError("constraints.order_by items must be {column, descending}");
      }
      out.order_by.push_back({key["column"].get<std::string>(), key.value("descending", false),
                              key.value("nulls_first", false)});
    }
  }
  if (auto it = json.find("limit"); it != json.end() && !it->is_null()) {
    if (!it->is_number_integer()) throw common::UserError("constraints.limit must be an integer");
    out.limit = it->get<int64_t>();
  }
  if (auto it = json.find("needed_columns"); it != json.end() && !it->is_null()) {
    out.needed_columns = it->get<std::vector<std::string>>();
  }
  return out;
}

}  // namespace larkbase::pushdown
