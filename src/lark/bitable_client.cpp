#include "lark/bitable_client.hpp"

#include <fmt/format.h>

#include <random>

#include "common/error.hpp"
#include "lark/paging.hpp"

namespace larkbase::lark {
namespace {

constexpr int kListPageSize = 100;  // the documented-safe maximum of the list endpoints

std::string table_path(const std::string& app_token, const std::string& table_id,
                       std::string_view tail) {
  return api_path("/open-apis/bitable/v1/apps", {app_token, "tables", table_id, "records", tail});
}

// A random UUID (v4 layout) for batch_create's idempotency token.
std::string random_uuid() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  uint64_t high = engine(), low = engine();
  high = (high & ~0xF000ULL) | 0x4000ULL;
  low = (low & ~(0xC000ULL << 48)) | (0x8000ULL << 48);
  std::string hex = fmt::format("{:016x}{:016x}", high, low);
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20));
}

std::vector<std::string> string_list(const common::Json& data, const char* key) {
  std::vector<std::string> out;
  auto it = data.find(key);
  if (it == data.end() || !it->is_array()) return out;
  for (const auto& value : *it) {
    if (value.is_string()) out.push_back(value.get<std::string>());
  }
  return out;
}

common::Json response_data(const LarkResponse& response, std::string_view what) {
  common::Json body = common::parse_json(response.body, what);
  auto data = body.find("data");
  if (data == body.end() || !data->is_object()) return common::Json::object();
  return std::move(*data);
}

}  // namespace

BitableClient::BitableClient(LarkClient& client, FieldCache::Clock clock)
    : client_(client), field_cache_(client.config().field_cache_ttl, std::move(clock)) {}

std::vector<TableInfo> BitableClient::list_tables(const std::string& app_token) {
  LarkRequest request;
  request.path = api_path("/open-apis/bitable/v1/apps", {app_token, "tables"});
  auto items = fetch_all_pages(client_, request, "items", kListPageSize,
                               fmt::format("the tables of base {}", app_token));
  std::vector<TableInfo> tables;
  tables.reserve(items.size());
  for (const auto& item : items) tables.push_back(table_from_json(item));
  return tables;
}

FieldCache::Fields BitableClient::list_fields(const std::string& app_token,
                                              const std::string& table_id) {
  return field_cache_.get(app_token, table_id, [&] {
    LarkRequest request;
    request.path =
        api_path("/open-apis/bitable/v1/apps", {app_token, "tables", table_id, "fields"});
    auto items =
        fetch_all_pages(client_, request, "items", kListPageSize,
                        fmt::format("the fields of table {} of base {}", table_id, app_token));
    std::vector<FieldInfo> fields;
    fields.reserve(items.size());
    for (const auto& item : items) fields.push_back(field_from_json(item));
    return fields;
  });
}

BatchGetResult BitableClient::batch_get(const std::string& app_token, const std::string& table_id,
                                        const std::vector<std::string>& record_ids,
                                        bool automatic_fields, const std::string& user_id_type) {
  BatchGetResult result;
  for (size_t start = 0; start < record_ids.size(); start += kMaxBatchGet) {
    size_t end = std::min(record_ids.size(), start + kMaxBatchGet);
    common::Json body{{"record_ids", std::vector<std::string>(record_ids.begin() + long(start),
                                                              record_ids.begin() + long(end))}};
    if (automatic_fields) body["automatic_fields"] = true;
    if (!user_id_type.empty()) body["user_id_type"] = user_id_type;
    LarkRequest request;
    request.method = "POST";
    request.path = table_path(app_token, table_id, "batch_get");
    request.body = body.dump();
    LarkResponse response = client_.call(request);
    common::Json data = response_data(
        response, fmt::format("Lark batch_get of table {} of base {}", table_id, app_token));
    if (auto records = data.find("records"); records != data.end() && records->is_array()) {
      for (auto& record : *records) result.records.push_back(std::move(record));
    }
    for (auto& id : string_list(data, "absent_record_ids")) result.absent_record_ids.push_back(id);
    for (auto& id : string_list(data, "forbidden_record_ids")) {
      result.forbidden_record_ids.push_back(id);
    }
  }
  return result;
}

std::vector<std::string> BitableClient::batch_create(
    const std::string& app_token, const std::string& table_id,
    const std::vector<common::Json>& fields_per_record) {
  std::vector<std::string> ids;
  for (size_t start = 0; start < fields_per_record.size(); start += kMaxBatchCreate) {
    size_t end = std::min(fields_per_record.size(), start + kMaxBatchCreate);
    common::Json records = common::Json::array();
    for (size_t i = start; i < end; ++i) {
      records.push_back(common::Json{{"fields", fields_per_record[i]}});
    }
    LarkRequest request;
    request.method = "POST";
    request.path = table_path(app_token, table_id, "batch_create");
    request.query.emplace_back("client_token", random_uuid());
    request.body = common::Json{{"records", std::move(records)}}.dump();
    LarkResponse response = client_.call(request);
    common::Json data = response_data(
        response, fmt::format("Lark batch_create of table {} of base {}", table_id, app_token));
    auto created = data.find("records");
    size_t count = created != data.end() && created->is_array() ? created->size() : 0;
    if (count != end - start) {
      throw common::ExternalError(fmt::format(
          "Lark batch_create of table {} of base {} returned {} records for {} sent (log id {})",
          table_id, app_token, count, end - start,
          response.log_id.empty() ? "none" : response.log_id));
    }
    for (const auto& record : *created) ids.push_back(record.value("record_id", std::string()));
  }
  return ids;
}

}  // namespace larkbase::lark
