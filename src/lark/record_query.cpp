#include "lark/record_query.hpp"

#include <fmt/format.h>

#include "common/error.hpp"

namespace larkbase::lark {
namespace {

const common::Json& member(const common::Json& json, const char* key, const std::string& what) {
  auto it = json.find(key);
  if (it == json.end()) {
    throw common::UserError(
        fmt::format("{} lacks '{}': pass it exactly as larkbase wrote it", what, key));
  }
  return *it;
}

}  // namespace

void RecordQuery::add_to_body(common::Json& body) const {
  if (!filter.is_null()) body["filter"] = filter;
  if (!sort.is_null()) body["sort"] = sort;
  if (field_names) body["field_names"] = *field_names;
}

common::Json RecordQuery::to_json() const {
  return {{"filter", filter},
          {"sort", sort},
          {"field_names", field_names ? common::Json(*field_names) : common::Json(nullptr)},
          {"page_size", page_size}};
}

RecordQuery RecordQuery::from_json(const common::Json& json, const std::string& what) {
  if (!json.is_object())
    throw common::UserError(fmt::format("{}: the query must be a JSON object", what));
  try {
    RecordQuery query;
    query.filter = member(json, "filter", what);
    query.sort = member(json, "sort", what);
    const auto& names = member(json, "field_names", what);
    if (!names.is_null()) query.field_names = names.get<std::vector<std::string>>();
    query.page_size = member(json, "page_size", what).get<int>();
    return query;
  } catch (const common::Json::exception& error) {
    throw common::UserError(
        fmt::format("{} has a query member of the wrong type: {}", what, error.what()));
  }
}

}  // namespace larkbase::lark
