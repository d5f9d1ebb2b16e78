#include "lark/paging.hpp"

#include <fmt/format.h>

#include "common/error.hpp"

namespace larkbase::lark {

std::string next_page_token(const Envelope& envelope, const std::string& previous_token,
                            std::string_view what) {
  if (!envelope.has_more) return {};
  if (envelope.page_token.empty()) {
    throw common::ExternalError(fmt::format(
        "Lark said more pages follow for {} but sent no page token; refusing to return a "
        "partial result",
        what));
  }
  if (envelope.page_token == previous_token) {
    throw common::ExternalError(fmt::format(
        "Lark returned the same page token twice for {}; refusing to loop or return a partial "
        "result",
        what));
  }
  return envelope.page_token;
}

std::vector<common::Json> fetch_all_pages(LarkClient& client, LarkRequest request,
                                          std::string_view items_key, int page_size,
                                          std::string_view what) {
  std::vector<common::Json> items;
  std::string token;
  auto base_query = request.query;
  while (true) {
    request.query = base_query;
    request.query.emplace_back("page_size", std::to_string(page_size));
    if (!token.empty()) request.query.emplace_back("page_token", token);
    LarkResponse response = client.call(request);
    client.stats().add_page();
    common::Json body = common::parse_json(response.body, fmt::format("Lark page of {}", what));
    common::Json data = body.contains("data") ? std::move(body["data"]) : common::Json::object();
    auto list = data.find(items_key);
    if (list != data.end() && list->is_array()) {
      for (auto& item : *list) items.push_back(std::move(item));
    } else if (list != data.end() && !list->is_null()) {
      throw common::ExternalError(
          fmt::format("Lark page of {} has a '{}' that is not an array", what, items_key));
    }
    token = next_page_token(response.envelope, token, what);
    if (token.empty()) return items;
  }
}

}  // namespace larkbase::lark
