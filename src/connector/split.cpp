#include <fmt/format.h>

#include <set>

#include "common/error.hpp"
#include "connector/connector.hpp"

namespace larkbase::connector {
namespace {

constexpr int kSplitVersion =
    4;  // 2: "range"; 3: filter, sort, field_names, page_size in "query"; 4: constraints.any_of

const common::Json& member(const common::Json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end()) {
    throw common::UserError(
        fmt::format("split JSON lacks '{}': pass the split exactly as the "
                    "planner wrote it",
                    key));
  }
  return *it;
}

}  // namespace

std::vector<std::string> Split::normalised_columns() const {
  std::vector<std::string> names = columns;
  std::set<std::string> seen(names.begin(), names.end());
  auto add = [&](const std::string& name) {
    if (seen.insert(name).second) names.push_back(name);
  };
  for (const auto& name : constraints.filtered_columns()) add(name);
  return names;
}

common::Json Split::to_json() const {
  common::Json json = {
      {"version", kSplitVersion},
      {"schema", schema},
      {"table", table},
      {"table_schema", types::to_json(table_schema)},
      {"columns", columns},
      {"query", query.to_json()},
      {"record_ids", record_ids},
      {"constraints", pushdown::to_json(constraints)},
      {"limit", limit ? common::Json(*limit) : common::Json(nullptr)},
      {"range", range ? range->to_json() : common::Json(nullptr)},
  };
  return json;
}

Split Split::from_json(const common::Json& json) {
  if (!json.is_object()) throw common::UserError("a split must be a JSON object");
  try {
    int version = member(json, "version").get<int>();
    if (version != kSplitVersion) {
      throw common::UserError(fmt::format(
          "split version {} is not supported (this build reads version {}): plan the query "
          "again with the same larkbase version",
          version, kSplitVersion));
    }
    Split split;
    split.schema = member(json, "schema").get<std::string>();
    split.table = member(json, "table").get<std::string>();
    split.table_schema = types::table_schema_from_json(member(json, "table_schema"));
    split.columns = member(json, "columns").get<std::vector<std::string>>();
    split.query = lark::RecordQuery::from_json(member(json, "query"), "split JSON");
    split.record_ids = member(json, "record_ids").get<std::vector<std::string>>();
    split.constraints = pushdown::constraints_from_json(member(json, "constraints"));
    const auto& limit = member(json, "limit");
    if (!limit.is_null()) split.limit = limit.get<int64_t>();
    const auto& range = member(json, "range");
    if (!range.is_null()) split.range = KeyRange::from_json(range);
    return split;
  } catch (const common::Json::exception& error) {
    throw common::UserError(
        fmt::format("split JSON has a member of the wrong type: {}", error.what()));
  }
}

void ReadStats::add(const ReadStats& more) {
  calls += more.calls;
  pages += more.pages;
  retries += more.retries;
  bytes += more.bytes;
  rows_fetched += more.rows_fetched;
  rows_emitted += more.rows_emitted;
  warnings += more.warnings;
  if (!more.cut_column.empty()) cut_column = more.cut_column;
  cut_ranges += more.cut_ranges;
}

common::Json ReadStats::to_json() const {
  return {{"calls", calls},
          {"pages", pages},
          {"retries", retries},
          {"bytes", bytes},
          {"rows_fetched", rows_fetched},
          {"rows_emitted", rows_emitted},
          {"warnings", warnings},
          {"cut_column", cut_column},
          {"cut_ranges", cut_ranges}};
}

std::string ReadStats::to_string() const {
  return fmt::format(
      "calls={} pages={} retries={} bytes={} rows_fetched={} rows_emitted={} "
      "warnings={}",
      calls, pages, retries, bytes, rows_fetched, rows_emitted, warnings);
}

}  // namespace larkbase::connector
