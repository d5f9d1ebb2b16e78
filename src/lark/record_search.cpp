#include "lark/record_search.hpp"

#include <fmt/format.h>

#include "common/error.hpp"
#include "lark/paging.hpp"

namespace larkbase::lark {

std::string SearchRequest::body_json() const {
  common::Json body = common::Json::object();
  query.add_to_body(body);
  if (!view_id.empty()) body["view_id"] = view_id;
  if (automatic_fields) body["automatic_fields"] = true;
  return body.dump();
}

std::string SearchRequest::describe() const {
  return fmt::format("table {} of base {}", table_id, app_token);
}

SearchPage search_page(LarkClient& client, const SearchRequest& request) {
  if (request.query.page_size < 1 || request.query.page_size > kMaxSearchPageSize) {
    throw common::UserError(fmt::format("search page size {} for {} is out of range: use 1..{}",
                                        request.query.page_size, request.describe(),
                                        kMaxSearchPageSize));
  }
  LarkRequest call;
  call.method = "POST";
  call.path = api_path("/open-apis/bitable/v1/apps",
                       {request.app_token, "tables", request.table_id, "records", "search"});
  call.query.emplace_back("page_size", std::to_string(request.query.page_size));
  if (!request.page_token.empty()) call.query.emplace_back("page_token", request.page_token);
  if (!request.user_id_type.empty()) call.query.emplace_back("user_id_type", request.user_id_type);
  call.body = request.body_json();
  call.endpoint_class = kSearchEndpoint;

  LarkResponse response = client.call(call);
  client.stats().add_page();
  const Envelope& envelope = response.envelope;
  if (!envelope.has_data) {
    throw common::ExternalError(
        fmt::format("Lark search of {} answered code 0 without data (log id {})",
                    request.describe(), response.log_id.empty() ? "none" : response.log_id));
  }
  SearchPage page;
  page.has_more = envelope.has_more;
  page.page_token = next_page_token(envelope, request.page_token, request.describe());
  page.total = envelope.has_total ? envelope.total : -1;
  page.body = std::move(response.body);
  return page;
}

RecordSearch::RecordSearch(LarkClient& client, SearchRequest request)
    : client_(client), request_(std::move(request)) {}

std::optional<SearchPage> RecordSearch::next() {
  if (done_) return std::nullopt;
  SearchPage page = search_page(client_, request_);
  ++pages_;
  if (page.has_more) {
    request_.page_token = page.page_token;
  } else {
    done_ = true;
  }
  return page;
}

common::Json search_page_items(const SearchPage& page) {
  common::Json body = common::parse_json(page.body, "Lark search page");
  auto data = body.find("data");
  if (data == body.end() || !data->is_object()) return common::Json::array();
  auto items = data->find("items");
  if (items == data->end() || items->is_null()) return common::Json::array();
  if (!items->is_array()) throw common::ExternalError("Lark search page has non-array items");
  return std::move(*items);
}

}  // namespace larkbase::lark
