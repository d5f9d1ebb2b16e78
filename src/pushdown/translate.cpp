#include "pushdown/translate.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "pushdown/column_filter.hpp"
#include "pushdown/sort_decision.hpp"

namespace larkbase::pushdown {
namespace {

using common::Json;

constexpr size_t kMaxFieldNames = 200;  // records/search accepts 0-200 field_names

struct Item {
  ColumnReport report;
  ColumnFilter filter;
  bool lark_filter = false;  // `filter` is this item's share of the Lark filter
};

// Record ids when the value set is a non-empty list of values (= or IN).
std::optional<std::vector<std::string>> record_ids_of(const RangeSet& set) {
  if (!set.all_points()) return std::nullopt;
  std::vector<std::string> ids;
  for (const auto& r : set.ranges) {
    if (r.low.value->is_string()) ids.push_back(r.low.value->as_string());
  }
  return ids;
}

// Drops whole columns, the largest first, until the filter fits Lark's limit.
// Dropping a column only removes conditions from an AND, so the rest remains a
// superset.
void fit_condition_limit(std::vector<Item>& items, const TranslateOptions& options,
                         std::vector<std::string>& notes) {
  auto total = [&] {
    int n = 0;
    for (const auto& item : items) n += item.filter.condition_count();
    return n;
  };
  while (total() > options.max_conditions) {
    auto largest = std::max_element(items.begin(), items.end(), [](const Item& a, const Item& b) {
      return a.filter.condition_count() < b.filter.condition_count();
    });
    notes.push_back(largest->report.column + ": " +
                    std::to_string(largest->filter.condition_count()) +
                    " conditions dropped to stay within " + std::to_string(options.max_conditions) +
                    " conditions");
    largest->report.notes.push_back("not pushed: the filter would exceed Lark's condition limit");
    largest->filter.conditions.clear();
    largest->filter.groups.clear();
    largest->filter.exact = false;
  }
}

Json assemble_filter(const std::vector<Item>& items) {
  Json conditions = Json::array();
  Json children = Json::array();
  for (const auto& item : items) {
    for (const auto& c : item.filter.conditions) conditions.push_back(c);
    for (const auto& g : item.filter.groups) {
      children.push_back({{"conjunction", "or"}, {"conditions", g}});
    }
  }
  if (conditions.empty() && children.empty()) return nullptr;
  Json filter = {{"conjunction", "and"}, {"conditions", conditions}};
  if (!children.empty()) filter["children"] = children;
  return filter;
}

Json column_conditions(const ColumnFilter& filter) {
  Json out = Json::array();
  for (const auto& c : filter.conditions) out.push_back(c);
  for (const auto& g : filter.groups) out.push_back({{"conjunction", "or"}, {"conditions", g}});
  return out;
}

std::optional<std::vector<std::string>> field_names_for(const Constraints& c,
                                                        const types::TableSchema& schema) {
  if (!c.needed_columns) return std::nullopt;
  std::set<std::string> wanted(c.needed_columns->begin(), c.needed_columns->end());
  wanted.merge(c.filtered_columns());
  for (const auto& key : c.order_by) wanted.insert(key.column);
  std::vector<std::string> names;
  const types::Column* first_field = nullptr;
  for (const auto& column : schema.columns()) {
    if (!column.has_lark_field()) continue;
    if (first_field == nullptr) first_field = &column;
    if (wanted.count(column.name) != 0 &&
        std::find(names.begin(), names.end(), column.lark_field_name) == names.end()) {
      names.push_back(column.lark_field_name);
    }
  }
  if (names.size() > kMaxFieldNames || first_field == nullptr) return std::nullopt;
  // No field needed (COUNT(*), reserved columns only): ask for one field rather
  // than an empty list, whose meaning is not documented.
  if (names.empty()) names.push_back(first_field->lark_field_name);
  return names;
}

std::string describe(const LikeConstraint& like) {
  return like.column + (like.negated ? " NOT LIKE '" : " LIKE '") + like.pattern + "'";
}

// The LIKE patterns Lark can pre-filter with: NOT LIKE has no superset in
// `contains` conditions (a row without the literal parts may still match), so it
// is left to the reader.
std::vector<const LikeConstraint*> pushable(const std::vector<const LikeConstraint*>& likes) {
  std::vector<const LikeConstraint*> out;
  for (const auto* like : likes) {
    if (!like->negated) out.push_back(like);
  }
  return out;
}

// The SQL form of a conjunction, for reports.
std::string describe(const Constraints& c) {
  std::vector<std::string> parts;
  for (const auto& [name, set] : c.columns) parts.push_back(describe(set.canonical(), name));
  for (const auto& like : c.likes) parts.push_back(describe(like));
  for (const auto& alternative : c.any_of) {
    std::string text;
    for (const auto& branch : alternative.branches) {
      text += (text.empty() ? "(" : " OR ") + describe(branch);
    }
    parts.push_back(text + ")");
  }
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : " AND ") + part;
  return out;
}

// One branch of an OR as conditions of one `or` child group: possible when the
// branch constrains one Lark field and its translation is a single condition or
// a single `or` group (the filter has one level of children, so an AND inside an
// OR cannot be said). nullopt: the branch admits no row. Throws nothing; an
// empty vector means the branch cannot be pushed.
std::optional<std::vector<Json>> branch_conditions(const Constraints& branch,
                                                   const types::TableSchema& schema,
                                                   const TranslateOptions& options, bool& exact,
                                                   std::string& why_not) {
  const std::set<std::string> names = branch.filtered_columns();
  const types::Column* column = names.size() == 1 ? schema.find(*names.begin()) : nullptr;
  if (names.size() > 1 || !branch.any_of.empty()) {
    why_not = describe(branch) + " needs an AND inside the OR";
    return std::vector<Json>{};
  }
  if (column == nullptr || !column->has_lark_field()) {
    why_not = describe(branch) + " is on a column Lark cannot filter";
    return std::vector<Json>{};
  }
  std::optional<RangeSet> set;
  if (auto it = branch.columns.find(column->name); it != branch.columns.end()) {
    set = it->second.canonical();
  }
  std::vector<const LikeConstraint*> likes;
  for (const auto& like : branch.likes) likes.push_back(&like);
  if (pushable(likes).size() != likes.size()) {
    why_not = describe(branch) + " holds a NOT LIKE";
    return std::vector<Json>{};
  }
  ColumnFilter filter = translate_column(*column, set ? &*set : nullptr, likes, options);
  if (filter.matches_nothing) return std::nullopt;
  exact = exact && filter.exact;
  if (filter.conditions.size() == 1 && filter.groups.empty()) return filter.conditions;
  if (filter.conditions.empty() && filter.groups.size() == 1) return filter.groups.front();
  why_not = filter.empty() ? describe(branch) + " cannot be pushed"
                           : describe(branch) + " needs an AND inside the OR";
  return std::vector<Json>{};
}

// An OR across columns: one `or` child group holding every branch's condition
// (a superset when a branch's condition is one), or nothing pushed.
Item translate_any_of(const AnyOf& alternative, const types::TableSchema& schema,
                      const TranslateOptions& options, bool& nothing) {
  Item item;
  item.lark_filter = true;
  Constraints whole;
  whole.any_of.push_back(alternative);
  std::string columns;
  for (const auto& name : whole.filtered_columns()) columns += (columns.empty() ? "" : ", ") + name;
  item.report.column = "any of: " + columns;
  item.report.constraint = describe(whole);
  std::vector<Json> group;
  bool exact = true;
  bool every_branch_empty = true;
  for (const auto& branch : alternative.branches) {
    std::string why_not;
    auto conditions = branch_conditions(branch, schema, options, exact, why_not);
    if (!conditions) continue;  // admits no row
    every_branch_empty = false;
    if (conditions->empty()) {
      item.filter.notes.push_back("not pushed: " + why_not + "; the reader applies the OR");
      return item;
    }
    group.insert(group.end(), conditions->begin(), conditions->end());
  }
  if (every_branch_empty) {
    nothing = true;
    return item;
  }
  item.filter.groups.push_back(std::move(group));
  item.filter.exact = exact;
  return item;
}

}  // namespace

const char* to_string(Access access) {
  switch (access) {
    case Access::kSearch:
      return "search";
    case Access::kRecordIds:
      return "record_ids";
    case Access::kNothing:
      return "nothing";
  }
  return "?";
}

PushdownPlan translate(const Constraints& constraints, const types::TableSchema& schema,
                       const TranslateOptions& options) {
  PushdownPlan plan;
  plan.limit = constraints.limit;
  plan.query.page_size = options.max_page_size;

  std::map<std::string, RangeSet> sets;
  for (const auto& [name, set] : constraints.columns) sets.emplace(name, set.canonical());
  std::map<std::string, std::vector<const LikeConstraint*>> likes;
  for (const auto& like : constraints.likes) likes[like.column].push_back(&like);
  std::set<std::string> names;
  for (const auto& [name, set] : sets) names.insert(name);
  for (const auto& [name, list] : likes) names.insert(name);

  bool nothing = constraints.limit && *constraints.limit <= 0;
  if (nothing) plan.notes.push_back("LIMIT 0: no call needed");

  // $reserved_record_id = / IN: the records are fetched by id.
  std::optional<std::vector<std::string>> record_ids;
  for (const auto& [name, set] : sets) {
    const types::Column* column = schema.find(name);
    if (column != nullptr && column->role == types::ColumnRole::kRecordId) {
      record_ids = record_ids_of(set);
    }
  }

  std::vector<Item> items;
  bool all_exact = true;
  for (const auto& name : names) {
    Item item;
    item.report.column = name;
    auto set_it = sets.find(name);
    const RangeSet* set = set_it == sets.end() ? nullptr : &set_it->second;
    if (set != nullptr) item.report.constraint = describe(*set, name);
    for (const auto* like : likes[name]) {
      if (!item.report.constraint.empty()) item.report.constraint += " AND ";
      item.report.constraint += describe(*like);
    }
    if (set != nullptr && set->is_none()) nothing = true;
    const types::Column* column = schema.find(name);
    if (column == nullptr) {
      item.report.notes.push_back("unknown column: left to the evaluator");
      all_exact = false;
    } else if (column->role == types::ColumnRole::kRecordId && record_ids) {
      item.report.exact_by_lark = likes[name].empty();
      item.report.pushed = true;
      item.report.notes.push_back("answered by fetching the records by id");
      all_exact = all_exact && item.report.exact_by_lark;
    } else if (!column->has_lark_field()) {
      bool trivial = set != nullptr && set->is_all() && likes[name].empty();
      item.report.exact_by_lark = trivial;
      if (!trivial) item.report.notes.push_back("reserved column: evaluated by the reader");
      all_exact = all_exact && trivial;
    } else {
      const std::vector<const LikeConstraint*> pushed_likes = pushable(likes[name]);
      item.filter = translate_column(*column, set, pushed_likes, options);
      if (pushed_likes.size() != likes[name].size()) {
        item.filter.exact = false;
        item.filter.notes.push_back("NOT LIKE is not pushed: the reader applies it");
      }
      item.lark_filter = true;
      if (item.filter.matches_nothing) nothing = true;
      item.report.notes = item.filter.notes;
    }
    items.push_back(std::move(item));
  }
  for (const auto& alternative : constraints.any_of) {
    items.push_back(translate_any_of(alternative, schema, options, nothing));
    items.back().report.notes = items.back().filter.notes;
  }

  fit_condition_limit(items, options, plan.notes);
  for (auto& item : items) {
    if (item.lark_filter) {
      item.report.pushed = !item.filter.empty();
      item.report.exact_by_lark = item.filter.exact;
      item.report.conditions = column_conditions(item.filter);
      all_exact = all_exact && item.filter.exact;
    }
  }
  for (auto& item : items) plan.columns.push_back(item.report);

  if (nothing) {
    plan.access = Access::kNothing;
    plan.filter_exact = true;
    plan.order_exact = true;
    plan.notes.push_back("the constraints admit no row: no Lark call");
    return plan;
  }
  if (record_ids) {
    for (auto& report : plan.columns) {
      const types::Column* column = schema.find(report.column);
      if (column != nullptr && column->role == types::ColumnRole::kRecordId) continue;
      report.pushed = false;
      report.exact_by_lark = false;
      report.conditions = nullptr;
      report.notes.push_back("batch_get takes no filter: evaluated by the reader");
      all_exact = false;
    }
    plan.access = Access::kRecordIds;
    plan.record_ids = *record_ids;
    plan.filter_exact = all_exact;
    plan.query.field_names = field_names_for(constraints, schema);
    plan.notes.push_back("batch_get of " + std::to_string(record_ids->size()) +
                         " record ids; every other constraint is evaluated by the reader");
    if (!constraints.order_by.empty()) plan.notes.push_back("sort left to the engine");
    plan.stop_after = constraints.order_by.empty() ? constraints.limit : std::nullopt;
    return plan;
  }

  plan.query.filter = assemble_filter(items);
  plan.filter_exact = all_exact;
  SortDecision sort = decide_sort(constraints.order_by, schema, sets, options);
  plan.query.sort = sort.sort;
  plan.order_exact = sort.order_exact;
  plan.notes.insert(plan.notes.end(), sort.notes.begin(), sort.notes.end());
  bool order_ok = constraints.order_by.empty() || plan.order_exact;
  if (order_ok) plan.stop_after = constraints.limit;
  // A smaller page only helps when Lark's first `limit` rows are the answer.
  if (constraints.limit && order_ok && plan.filter_exact) {
    plan.query.page_size =
        static_cast<int>(std::clamp<int64_t>(*constraints.limit, 1, options.max_page_size));
  }
  plan.query.field_names = field_names_for(constraints, schema);
  return plan;
}

}  // namespace larkbase::pushdown
