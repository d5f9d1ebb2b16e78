// Bitable v1 routes other than search: list tables, list fields,
// records/batch_get and records/batch_create.
#include <fmt/format.h>

#include <random>

#include "emulator/batch_body.hpp"
#include "emulator/http_support.hpp"
#include "emulator/list_page.hpp"
#include "emulator/record_writer.hpp"
#include "emulator/server_context.hpp"

namespace larkbase::emulator {
namespace {

// Lark documents default 20 and no maximum for these lists; a third-party
// schema says 100. Larger sizes are clamped rather than refused (docs/emulator.md).
constexpr long long kListDefault = 20;
constexpr long long kListMax = 100;
constexpr size_t kBatchGetMax = 100;
constexpr size_t kBatchCreateMax = 500;

long long list_page_size(const httplib::Request& req) {
  long long size = query_int(req, "page_size", kListDefault);
  if (size <= 0) return kListDefault;
  return std::min(size, kListMax);
}

std::string page_json(const ListPage& page, size_t total) {
  common::Json data = {{"has_more", page.has_more}, {"items", page.items}, {"total", total}};
  if (!page.page_token.empty()) data["page_token"] = page.page_token;
  return data.dump();
}

ListPage checked_page(const ServerContext& context, const common::Json& items, const char* key,
                      const httplib::Request& req) {
  bool found = false;
  std::string token = req.get_param_value("page_token");
  ListPage page = list_page(items, key, list_page_size(req), token, found);
  if (!found) {
    throw context.bitable(codes::kFail,
                          fmt::format("Fail: page_token {} does not name an item of this list; "
                                      "restart paging without page_token",
                                      token));
  }
  return page;
}

// `description` is a string unless text_field_as_array asks for segments.
common::Json field_for_list(common::Json field, bool as_array) {
  auto description = field.find("description");
  if (description == field.end()) return field;
  if (as_array && description->is_string()) {
    *description = common::Json::array({{{"type", "text"}, {"text", *description}}});
  } else if (!as_array && description->is_array()) {
    std::string text;
    for (const auto& segment : *description) text += segment.value("text", std::string());
    *description = text;
  }
  return field;
}

void list_tables(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const Base& base = context.base(req.matches[1]);
  common::Json items = common::Json::array();
  for (const auto& table : base.tables) {
    items.push_back({{"table_id", table->id()}, {"revision", 1}, {"name", table->name()}});
  }
  send_data(res, page_json(checked_page(context, items, "table_id", req), items.size()));
}

void list_fields(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const Table& table = context.table(req.matches[1], req.matches[2]);
  bool as_array = req.get_param_value("text_field_as_array") == "true";
  common::Json items = common::Json::array();
  for (const auto& field : table.fields()) items.push_back(field_for_list(field, as_array));
  send_data(res, page_json(checked_page(context, items, "field_id", req), items.size()));
}

bool bool_member(const common::Json& body, const char* key) {
  auto found = body.find(key);
  if (found == body.end() || found->is_null()) return false;
  if (!found->is_boolean()) {
    throw ApiError(400, codes::kInvalidParameters,
                   fmt::format("Invalid request parameters: \"{}\" must be a boolean", key));
  }
  return found->get<bool>();
}

void batch_get(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const Table& table = context.table(req.matches[1], req.matches[2]);
  common::Json body = parse_body(req);
  check_user_id_type(body.value("user_id_type", std::string()));
  bool automatic = bool_member(body, "automatic_fields");
  auto ids = body.find("record_ids");
  if (ids == body.end() || !ids->is_array() || ids->empty() || ids->size() > kBatchGetMax) {
    throw field_violation("record_ids", ids == body.end() ? "" : ids->dump(),
                          "an array of 1 to 100 record ids is required");
  }
  std::string out = R"({"records":[)";
  common::Json absent = common::Json::array();
  {
    auto lock = table.read_lock();
    bool first = true;
    for (const auto& id : *ids) {
      auto index = id.is_string() ? table.find_locked(id.get<std::string>()) : std::nullopt;
      if (!index) {
        absent.push_back(id);
        continue;
      }
      if (!first) out += ',';
      first = false;
      table.write_item_locked(*index, nullptr, automatic, out);
    }
  }
  out += R"(],"absent_record_ids":)" + absent.dump() + R"(,"forbidden_record_ids":[]})";
  send_data(res, out);
}

void batch_create(ServerContext& context, const httplib::Request& req, httplib::Response& res,
                  const RequestContext& request) {
  Table& table = context.table(req.matches[1], req.matches[2]);
  check_user_id_type(req.get_param_value("user_id_type"));
  common::Json body = parse_body(req);
  const common::Json& records = batch_records(
      context, body, {kBatchCreateMax, "records", "RecordAddOnceExceedLimit", "batch_create"});
  WriteStamp stamp = write_stamp_now(request.app_id);
  std::string out = R"({"records":[)";
  auto lock = table.write_lock();
  // Convert every record first: a batch is all-or-nothing.
  std::vector<common::Json> converted;
  for (const auto& record : records) {
    std::string id;
    do {
      id = new_object_id("rec", 10);
    } while (table.contains_id_locked(id));
    stamp.auto_number = int64_t(table.size_locked() + converted.size() + 1);
    const common::Json empty = common::Json::object();
    const auto& fields = record.is_object() && record.contains("fields") ? record["fields"] : empty;
    converted.push_back(record_from_write(table, id, fields, stamp, context.options.error_status));
  }
  auto first_index = uint32_t(table.size_locked());
  for (const auto& record : converted) table.append_locked(record);
  for (uint32_t i = 0; i < converted.size(); ++i) {
    if (i > 0) out += ',';
    table.write_item_locked(first_index + i, nullptr, false, out);
  }
  lock.unlock();
  out += "]}";
  send_data(res, out);
}

}  // namespace

void register_bitable_routes(ServerContext& context) {
  using Api = ServerContext::Api;
  auto simple = [&context](
                    void (*handler)(ServerContext&, const httplib::Request&, httplib::Response&)) {
    return context.business(
        Api::kBitable, [&context, handler](const httplib::Request& req, httplib::Response& res,
                                           const RequestContext&) { handler(context, req, res); });
  };
  const std::string apps = "/open-apis/bitable/v1/apps/([^/]+)/tables";
  context.http.Get(apps, simple(list_tables));
  context.http.Get(apps + "/([^/]+)/fields", simple(list_fields));
  context.http.Post(apps + "/([^/]+)/records/batch_get", simple(batch_get));
  context.http.Post(apps + "/([^/]+)/records/batch_create",
                    context.business(Api::kBitable,
                                     [&context](const httplib::Request& req, httplib::Response& res,
                                                const RequestContext& request) {
                                       batch_create(context, req, res, request);
                                     }));
}

}  // namespace larkbase::emulator
