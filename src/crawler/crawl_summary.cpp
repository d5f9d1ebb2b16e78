#include "crawler/crawl_summary.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace larkbase::crawler {
namespace {

constexpr Status kAll[] = {Status::kCreated, Status::kUpdated, Status::kSkipped,  Status::kDeleted,
                           Status::kFailed,  Status::kStale,   Status::kLeftAlone};

common::Json item_json(const ItemReport& item) {
  common::Json json{{"name", item.name}, {"id", item.id}, {"status", to_string(item.status)}};
  if (!item.changes.empty()) json["changes"] = item.changes;
  if (!item.reason.empty()) json["reason"] = item.reason;
  return json;
}

common::Json totals_json(const std::map<Status, int>& totals) {
  common::Json json = common::Json::object();
  for (Status status : kAll) {
    auto it = totals.find(status);
    json[std::string(to_string(status))] = it == totals.end() ? 0 : it->second;
  }
  return json;
}

std::string totals_text(const std::map<Status, int>& totals) {
  std::vector<std::string> parts;
  for (Status status : kAll) {
    auto it = totals.find(status);
    parts.push_back(fmt::format("{} {}", it == totals.end() ? 0 : it->second, to_string(status)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string item_text(const ItemReport& item, bool dry_run) {
  std::string text = fmt::format("{}{}", dry_run ? "would be " : "", to_string(item.status));
  if (!item.changes.empty()) text += fmt::format(" ({})", fmt::join(item.changes, "; "));
  if (!item.reason.empty()) text += ": " + item.reason;
  return text;
}

}  // namespace

std::string_view to_string(Status status) {
  switch (status) {
    case Status::kCreated:
      return "created";
    case Status::kUpdated:
      return "updated";
    case Status::kSkipped:
      return "skipped";
    case Status::kDeleted:
      return "deleted";
    case Status::kFailed:
      return "failed";
    case Status::kStale:
      return "stale";
    case Status::kLeftAlone:
      return "left_alone";
  }
  return "unknown";
}

std::map<Status, int> CrawlSummary::database_totals() const {
  std::map<Status, int> totals;
  for (const auto& database : databases) ++totals[database.database.status];
  return totals;
}

std::map<Status, int> CrawlSummary::table_totals() const {
  std::map<Status, int> totals;
  for (const auto& database : databases) {
    for (const auto& table : database.tables) ++totals[table.status];
  }
  return totals;
}

int CrawlSummary::failures() const {
  int failed = database_totals()[Status::kFailed];
  return failed + table_totals()[Status::kFailed];
}

common::Json CrawlSummary::to_json() const {
  common::Json list = common::Json::array();
  for (const auto& database : databases) {
    common::Json json = item_json(database.database);
    common::Json tables = common::Json::array();
    for (const auto& table : database.tables) tables.push_back(item_json(table));
    json["tables"] = std::move(tables);
    list.push_back(std::move(json));
  }
  return common::Json{
      {"source", source},
      {"catalog", catalog},
      {"dry_run", dry_run},
      {"prune", prune},
      {"ok", ok()},
      {"databases", list},
      {"warnings", warnings},
      {"totals",
       {{"databases", totals_json(database_totals())}, {"tables", totals_json(table_totals())}}}};
}

std::string CrawlSummary::to_text() const {
  std::string text =
      fmt::format("crawl of {} into {}{}{}\n", source, catalog,
                  dry_run ? " (dry run: nothing was written)" : "", prune ? " (--prune)" : "");
  for (const auto& database : databases) {
    text += fmt::format("database {} (base {}): {}\n", database.database.name, database.database.id,
                        item_text(database.database, dry_run));
    for (const auto& table : database.tables) {
      text += fmt::format("  table {}.{} ({}): {}\n", database.database.name, table.name, table.id,
                          item_text(table, dry_run));
    }
  }
  for (const auto& warning : warnings) text += "warning: " + warning + "\n";
  text += fmt::format("databases: {}\n", totals_text(database_totals()));
  text += fmt::format("tables: {}\n", totals_text(table_totals()));
  return text;
}

}  // namespace larkbase::crawler
