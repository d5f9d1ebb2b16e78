// POST /open-apis/bitable/v1/apps/:app_token/tables/:table_id/records/search
// (spec §4). The first page computes the query's whole ordered result once and
// caches it; the page token names that result and an offset, so each later
// page is a slice copied from pre-serialised records.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "emulator/http_support.hpp"
#include "emulator/page_token.hpp"
#include "emulator/server_context.hpp"

namespace larkbase::emulator {
namespace {

constexpr long long kDefaultPageSize = 20;
constexpr long long kMaxPageSize = 500;

struct SearchRequest {
  long long page_size = kDefaultPageSize;
  std::string page_token;
  std::vector<bool> projection;  // empty: every field
  bool automatic = false;
  common::Json filter;
  common::Json sort;
};

std::vector<bool> projection_of(const ServerContext& context, const Table& table,
                                const common::Json& names) {
  if (names.is_null()) return {};
  if (!names.is_array()) {
    throw ApiError(400, codes::kInvalidParameters,
                   "Invalid request parameters: \"field_names\" must be an array of strings");
  }
  if (names.empty()) return {};
  std::vector<bool> projection(table.fields().size(), false);
  for (const auto& name : names) {
    auto index = name.is_string() ? table.field_index(name.get<std::string>()) : std::nullopt;
    if (!index) {
      throw context.bitable(codes::kInvalidFieldNames,
                            fmt::format("InvalidFieldNames: table {} has no field {}; list the "
                                        "table's fields to see the valid names",
                                        table.id(), name.dump()));
    }
    projection[*index] = true;
  }
  return projection;
}

SearchRequest parse_request(const ServerContext& context, const Table& table,
                            const httplib::Request& req) {
  SearchRequest search;
  search.page_size = query_int(req, "page_size", kDefaultPageSize);
  if (search.page_size <= 0) {
    throw ApiError(400, codes::kPageSizeNotPositive, "page_size must be greater than 0");
  }
  if (search.page_size > kMaxPageSize) {
    throw field_violation("page_size", std::to_string(search.page_size), "the max value is 500");
  }
  search.page_token = req.get_param_value("page_token");
  check_user_id_type(req.get_param_value("user_id_type"));
  common::Json body = parse_body(req);
  search.projection = projection_of(context, table, body.value("field_names", common::Json()));
  if (auto automatic = body.find("automatic_fields"); automatic != body.end()) {
    if (!automatic->is_boolean() && !automatic->is_null()) {
      throw ApiError(400, codes::kInvalidParameters,
                     "Invalid request parameters: \"automatic_fields\" must be a boolean");
    }
    search.automatic = automatic->is_boolean() && automatic->get<bool>();
  }
  search.filter = body.value("filter", common::Json());
  search.sort = body.value("sort", common::Json());
  return search;
}

// The cached result a page token names, recomputed (under a new id) when it
// was evicted or belongs to another query, so a slow client never fails.
std::pair<std::shared_ptr<const QueryResult>, uint64_t> result_for(ServerContext& context,
                                                                   const Table& table,
                                                                   const SearchRequest& search,
                                                                   const std::string& fingerprint,
                                                                   uint64_t& offset) {
  offset = 0;
  if (!search.page_token.empty()) {
    auto cursor = decode_page_token(search.page_token);
    if (!cursor) {
      throw context.bitable(codes::kFail,
                            "Fail: invalid page_token; pass the page_token of the previous "
                            "response unchanged, or omit it for the first page");
    }
    offset = cursor->offset;
    auto cached = context.cache.get(cursor->query_id);
    if (cached && cached->fingerprint == fingerprint) return {cached, cursor->query_id};
    spdlog::debug("search page token {} no longer cached: recomputing", cursor->query_id);
  }
  std::shared_ptr<const QueryResult> result =
      context.engine.run(table, search.filter, search.sort, fingerprint);
  uint64_t id = context.cache.put(result);
  return {result, id};
}

void search(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  std::string app_token = req.matches[1];
  std::string table_id = req.matches[2];
  const Table& table = context.table(app_token, table_id);
  SearchRequest search = parse_request(context, table, req);
  std::string fingerprint =
      fmt::format("{}/{}\n{}\n{}", app_token, table_id, search.filter.dump(), search.sort.dump());
  uint64_t offset = 0;
  auto [result, query_id] = result_for(context, table, search, fingerprint, offset);

  size_t total = result->size();
  size_t begin = std::min<size_t>(offset, total);
  size_t end = std::min<size_t>(begin + size_t(search.page_size), total);
  bool has_more = end < total;
  std::string data;
  data.reserve((end - begin) * 512 + 128);
  data += fmt::format(R"({{"has_more":{},"items":[)", has_more);
  {
    auto lock = table.read_lock();
    const std::vector<bool>* projection = search.projection.empty() ? nullptr : &search.projection;
    bool first = true;
    for (size_t i = begin; i < end; ++i) {
      // A record deleted after the query ran is left out of later pages.
      if (table.is_deleted_locked(result->at(i))) continue;
      if (!first) data += ',';
      first = false;
      table.write_item_locked(result->at(i), projection, search.automatic, data);
    }
  }
  data += ']';
  if (has_more) {
    data += fmt::format(R"(,"page_token":"{}")", encode_page_token({query_id, end}));
  }
  data += fmt::format(R"(,"total":{}}})", total);
  send_data(res, data);
}

}  // namespace

void register_search_route(ServerContext& context) {
  context.http.Post(
      "/open-apis/bitable/v1/apps/([^/]+)/tables/([^/]+)/records/search",
      context.business(ServerContext::Api::kBitable,
                       [&context](const httplib::Request& req, httplib::Response& res,
                                  const RequestContext&) { search(context, req, res); }));
}

}  // namespace larkbase::emulator
