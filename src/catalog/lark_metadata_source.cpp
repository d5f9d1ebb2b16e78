#include "catalog/lark_metadata_source.hpp"

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/log.hpp"
#include "lark/drive_client.hpp"
#include "lark/record_search.hpp"

namespace larkbase::catalog {

std::vector<lark::TableInfo> LarkMetadataSource::list_tables(const std::string& app_token) {
  return bitable_.list_tables(app_token);
}

std::vector<types::LarkField> LarkMetadataSource::list_fields(const std::string& app_token,
                                                              const std::string& table_id,
                                                              bool refresh) {
  if (refresh) bitable_.field_cache().invalidate(app_token, table_id);
  auto fields = bitable_.list_fields(app_token, table_id);
  common::Json items = common::Json::array();
  for (const auto& field : *fields) items.push_back(field.raw);
  return types::parse_lark_fields(
      items, fmt::format("the fields of table {} of base {}", table_id, app_token));
}

std::optional<std::string> LarkMetadataSource::base_name(const std::string& app_token) {
  // GET /open-apis/bitable/v1/apps/:app_token → data.app.name. Not every Lark
  // deployment (nor the emulator) serves it to an app; a failure is not fatal:
  // the caller names the schema after the token and reports that.
  try {
    lark::LarkRequest request;
    request.path = lark::api_path("/open-apis/bitable/v1/apps", {app_token});
    auto response = bitable_.client().call(request);
    auto body = common::parse_json(response.body, "Lark base info");
    const auto* name = &body;
    for (const char* key : {"data", "app", "name"}) {
      if (!name->is_object() || !name->contains(key)) return std::nullopt;
      name = &(*name)[key];
    }
    if (name->is_string() && !name->get<std::string>().empty()) return name->get<std::string>();
  } catch (const common::Error& error) {
    spdlog::debug("base info of {} is not available: {}", app_token, error.what());
  }
  return std::nullopt;
}

std::vector<common::Json> LarkMetadataSource::read_records(const std::string& app_token,
                                                           const std::string& table_id) {
  lark::SearchRequest request;
  request.app_token = app_token;
  request.table_id = table_id;
  request.query.page_size = lark::kMaxSearchPageSize;
  auto search = bitable_.search(std::move(request));
  std::vector<common::Json> records;
  while (auto page = search.next()) {
    for (auto& item : lark::search_page_items(*page)) {
      auto fields = item.find("fields");
      records.push_back(fields != item.end() && fields->is_object() ? std::move(*fields)
                                                                    : common::Json::object());
    }
  }
  return records;
}

std::vector<lark::DriveFile> LarkMetadataSource::list_folder(const std::string& folder_token) {
  return lark::list_folder(bitable_.client(), folder_token);
}

}  // namespace larkbase::catalog
