#include "pushdown/explain.hpp"

namespace larkbase::pushdown {
namespace {

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

}  // namespace

std::vector<std::string> explain_lines(const PushdownPlan& plan) {
  std::vector<std::string> lines;
  lines.push_back(std::string("access: ") + to_string(plan.access));
  if (plan.access == Access::kRecordIds) {
    lines.push_back("record ids: " + join(plan.record_ids, ", "));
  }
  if (plan.access == Access::kSearch) {
    lines.push_back("filter: " +
                    (plan.query.filter.is_null() ? std::string("none") : plan.query.filter.dump()));
    lines.push_back("sort: " +
                    (plan.query.sort.is_null() ? std::string("none") : plan.query.sort.dump()));
    lines.push_back("page size: " + std::to_string(plan.query.page_size));
  }
  if (plan.query.field_names) {
    lines.push_back("field names: " + common::Json(*plan.query.field_names).dump());
  }
  lines.push_back(std::string("filter exact at Lark: ") + (plan.filter_exact ? "yes" : "no") +
                  "; order exact: " + (plan.order_exact ? "yes" : "no"));
  if (plan.limit) {
    lines.push_back("limit: " + std::to_string(*plan.limit) +
                    (plan.stop_after ? "" : " (applied after the engine sorts)"));
  }
  for (const auto& c : plan.columns) {
    std::string line =
        "  " + c.constraint + ": " +
        (c.pushed ? (c.exact_by_lark ? "pushed, exact" : "pushed as a superset") : "not pushed") +
        ", checked by the reader";
    if (!c.notes.empty()) line += " (" + join(c.notes, "; ") + ")";
    lines.push_back(line);
  }
  for (const auto& note : plan.notes) lines.push_back("note: " + note);
  return lines;
}

common::Json explain_json(const PushdownPlan& plan) {
  common::Json columns = common::Json::array();
  for (const auto& c : plan.columns) {
    columns.push_back({{"column", c.column},
                       {"constraint", c.constraint},
                       {"pushed", c.pushed},
                       {"exact_by_lark", c.exact_by_lark},
                       {"conditions", c.conditions},
                       {"notes", c.notes}});
  }
  common::Json out = plan.query.to_json();  // filter, sort, field_names, page_size
  out["access"] = to_string(plan.access);
  out["record_ids"] = plan.record_ids;
  out["filter_exact"] = plan.filter_exact;
  out["order_exact"] = plan.order_exact;
  out["columns"] = columns;
  out["notes"] = plan.notes;
  out["limit"] = plan.limit ? common::Json(*plan.limit) : common::Json();
  out["stop_after"] = plan.stop_after ? common::Json(*plan.stop_after) : common::Json();
  return out;
}

}  // namespace larkbase::pushdown
