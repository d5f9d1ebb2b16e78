#include "connector/planner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

#include "common/error.hpp"
#include "pushdown/evaluator.hpp"

namespace larkbase::connector {
namespace {

void check_column(const types::TableSchema& schema, const std::string& column,
                  const std::string& qualified, const char* use) {
  if (schema.find(column) != nullptr) return;
  std::vector<std::string> names;
  for (const auto& c : schema.columns()) names.push_back(c.name);
  throw common::UserError(fmt::format("{} column '{}' is not a column of {}; its columns: {}", use,
                                      column, qualified, fmt::join(names, ", ")));
}

void check_columns(const types::TableSchema& schema, const ScanRequest& request,
                   const std::string& qualified) {
  for (const auto& column : request.columns) check_column(schema, column, qualified, "projected");
  for (const auto& [column, set] : request.constraints.columns) {
    check_column(schema, column, qualified, "constrained");
  }
  for (const auto& like : request.constraints.likes) {
    check_column(schema, like.column, qualified, "LIKE");
  }
  for (const auto& alternative : request.constraints.any_of) {
    for (const auto& branch : alternative.branches) {
      for (const auto& column : branch.filtered_columns()) {
        check_column(schema, column, qualified, "OR-constrained");
      }
    }
  }
  for (const auto& key : request.constraints.order_by) {
    check_column(schema, key.column, qualified, "ORDER BY");
  }
}

// --no-pushdown: nothing reaches Lark but the table; the evaluator does it all.
void disable_pushdown(pushdown::PushdownPlan& plan, const pushdown::Constraints& constraints,
                      const ConnectorOptions& options) {
  if (plan.access == pushdown::Access::kNothing) return;
  plan.access = pushdown::Access::kSearch;
  plan.query = lark::RecordQuery{};
  plan.query.page_size = options.translate.max_page_size;
  plan.record_ids.clear();
  plan.order_exact = false;
  plan.filter_exact = !constraints.filters_rows();
  plan.stop_after = constraints.order_by.empty() ? constraints.limit : std::nullopt;
  for (auto& column : plan.columns) {
    column.pushed = false;
    column.exact_by_lark = false;
    column.conditions = nullptr;
  }
  plan.notes.push_back(
      "pushdown disabled: no filter, sort, projection or page-size shrink "
      "sent to Lark; every constraint is evaluated by the reader");
}

}  // namespace

ScanPlan make_scan_plan(const std::string& schema, const std::string& table,
                        const types::TableSchema& table_schema, const ScanRequest& request,
                        const ConnectorOptions& options) {
  const std::string qualified = schema + "." + table;
  check_columns(table_schema, request, qualified);

  pushdown::Constraints constraints = request.constraints;
  std::vector<std::string> columns = request.columns;
  if (columns.empty()) {
    for (const auto& column : table_schema.columns()) columns.push_back(column.name);
    constraints.needed_columns = std::nullopt;
  } else {
    constraints.needed_columns = columns;
  }

  pushdown::TranslateOptions translate = options.translate;
  if (options.lenient_cells) {
    // A cell read as NULL by the lenient reader is not empty to Lark: keep NULL
    // conditions and NULL-placement assumptions away from it.
    translate.unreadable_cells_are_null = true;
    translate.lark_empty_placement = pushdown::EmptyPlacement::kUnknown;
  }
  ScanPlan plan;
  plan.pushdown = pushdown::translate(constraints, table_schema, translate);
  if (!options.pushdown) disable_pushdown(plan.pushdown, constraints, options);

  pushdown::Evaluator evaluator(constraints, table_schema);
  plan.exact = plan.pushdown.filter_exact || evaluator.exact();
  if (!plan.exact) plan.unevaluated = evaluator.unevaluated();
  // Stopping at LIMIT is only right when every emitted row is a result row.
  std::optional<int64_t> limit = plan.exact ? plan.pushdown.stop_after : std::nullopt;
  plan.limit_applied = limit.has_value();
  if (plan.pushdown.access == pushdown::Access::kNothing) return plan;

  Split split;
  split.schema = schema;
  split.table = table;
  split.table_schema = table_schema;
  split.columns = std::move(columns);
  split.query = plan.pushdown.query;
  if (plan.pushdown.access == pushdown::Access::kRecordIds) {
    // batch_get takes ids alone: no filter or order reaches Lark.
    split.record_ids = plan.pushdown.record_ids;
    split.query.filter = nullptr;
    split.query.sort = nullptr;
  }
  split.constraints = std::move(constraints);
  split.limit = limit;
  plan.splits.push_back(std::move(split));
  return plan;
}

}  // namespace larkbase::connector
