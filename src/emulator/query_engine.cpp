#include "emulator/query_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/error.hpp"
#include "emulator/api_error.hpp"

#include "emulator/query/api_error.hpp"
#include "emulator/query/filter.hpp"
#include "emulator/query/semantics.hpp"
#include "emulator/query/sort.hpp"

namespace larkbase::emulator {
namespace {

bool is_automatic_type(int type) { return type >= 1001 && type <= 1004; }

// Field names a filter or sort reads: only these cells get parsed per record.
void collect_filter_names(const common::Json& group, std::set<std::string>& names) {
  if (!group.is_object()) return;
  if (auto conditions = group.find("conditions");
      conditions != group.end() && conditions->is_array()) {
    for (const auto& condition : *conditions) {
      if (condition.is_object() && condition.contains("field_name") &&
          condition["field_name"].is_string()) {
        names.insert(condition["field_name"].get<std::string>());
      }
    }
  }
  if (auto children = group.find("children"); children != group.end() && children->is_array()) {
    for (const auto& child : *children) collect_filter_names(child, names);
  }
}

struct ReadPlan {
  std::vector<uint16_t> fields;
  bool needs_automatic = false;  // a CreatedTime/ModifiedTime/... field is read
};

ReadPlan read_plan(const Table& table, const common::Json& filter, const common::Json& sort) {
  std::set<std::string> names;
  collect_filter_names(filter, names);
  if (sort.is_array()) {
    for (const auto& key : sort) {
      if (key.is_object() && key.contains("field_name") && key["field_name"].is_string()) {
        names.insert(key["field_name"].get<std::string>());
      }
    }
  }
  ReadPlan plan;
  for (const auto& name : names) {
    auto index = table.field_index(name);
    if (!index) continue;  // compile already rejected unknown names
    plan.fields.push_back(*index);
    if (is_automatic_type(table.fields()[*index].value("type", 0))) plan.needs_automatic = true;
  }
  return plan;
}

}  // namespace

struct QueryEngine::Impl {
  query::Semantics semantics;
};

QueryEngine::QueryEngine(const SemanticsOptions& options, ErrorStatusMode mode)
    : impl_(std::make_unique<Impl>()) {
  impl_->semantics = query::parse_semantics(options.spec);
  for (const auto& [key, value] : options.settings) {
    query::set_semantics_option(impl_->semantics, key, value);
  }
  impl_->semantics.error_http_status = mode == ErrorStatusMode::k200 ? 200 : 400;
}

common::Json QueryEngine::describe() const { return query::describe(impl_->semantics); }

std::shared_ptr<QueryResult> QueryEngine::run(const Table& table, const common::Json& filter,
                                              const common::Json& sort,
                                              std::string fingerprint) const {
  query::CompiledFilter compiled_filter;
  query::CompiledSort compiled_sort;
  try {
    compiled_filter = query::compile_filter(filter, table.fields(), impl_->semantics);
    compiled_sort = query::compile_sort(sort, table.fields(), impl_->semantics);
  } catch (const query::ApiError& error) {
    throw ApiError(error.http_status, error.code, error.msg);
  }
  auto result = std::make_shared<QueryResult>();
  result->fingerprint = std::move(fingerprint);
  auto lock = table.read_lock();
  size_t count = table.size_locked();
  // Without tombstones an unfiltered, unsorted result is every index.
  if (compiled_filter.matches_everything() && compiled_sort.empty() &&
      table.deleted_count_locked() == 0) {
    result->all_rows = true;
    result->all_count = uint32_t(count);
    return result;
  }
  ReadPlan plan = read_plan(table, filter, sort);
  // Whole records ({fields, created_time, ...}) as the engine reads them.
  std::vector<common::Json> matched;
  std::vector<uint32_t> rows;
  for (uint32_t i = 0; i < count; ++i) {
    if (table.is_deleted_locked(i)) continue;
    common::Json record = table.record_locked(i, plan.fields, plan.needs_automatic);
    if (!compiled_filter.matches(record["fields"], &record)) continue;
    rows.push_back(i);
    if (!compiled_sort.empty()) matched.push_back(std::move(record));
  }
  if (!compiled_sort.empty()) {
    std::vector<const common::Json*> order;
    order.reserve(matched.size());
    for (const auto& record : matched) order.push_back(&record);
    compiled_sort.sort_records(order);
    for (const auto* record : order) result->rows.push_back(rows[record - matched.data()]);
  } else {
    result->rows = std::move(rows);
  }
  return result;
}

QueryEngine::~QueryEngine() = default;

}  // namespace larkbase::emulator
