// Record deletes: DELETE …/records/:record_id and POST …/records/batch_delete,
// answered as the Lark Open API ({deleted, record_id}). An unknown id is
// 1254043, as for updates; a batch is all-or-nothing: every id is checked
// before any record goes. A deleted record is gone from search, batch_get and
// updates; its auto-number is not reused.
#include <fmt/format.h>

#include "emulator/batch_body.hpp"
#include "emulator/http_support.hpp"
#include "emulator/server_context.hpp"

namespace larkbase::emulator {
namespace {

// The Lark docs allow 500 records per batch_delete.
constexpr size_t kBatchDeleteMax = 500;

// The record index of `id`; the table's write lock must be held.
uint32_t existing(ServerContext& context, const Table& table, const common::Json& id) {
  if (!id.is_string()) {
    throw field_violation("records", id.dump(), "every record id is a string");
  }
  auto index = table.find_locked(id.get_ref<const std::string&>());
  if (!index) {
    throw context.bitable(codes::kRecordIdNotFound,
                          fmt::format("RecordIdNotFound: table {} has no record {}", table.id(),
                                      id.get_ref<const std::string&>()));
  }
  return *index;
}

std::string deleted_item(const common::Json& id) {
  return R"({"deleted":true,"record_id":)" + id.dump() + "}";
}

void delete_one(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  Table& table = context.table(req.matches[1], req.matches[2]);
  common::Json id = std::string(req.matches[3]);
  {
    auto lock = table.write_lock();
    table.erase_locked(existing(context, table, id));
  }
  send_data(res, deleted_item(id));
}

void batch_delete(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  Table& table = context.table(req.matches[1], req.matches[2]);
  common::Json body = parse_body(req);
  const common::Json& ids = batch_records(
      context, body, {kBatchDeleteMax, "record ids", "TooManyRecords", "batch_delete"});
  std::string out = R"({"records":[)";
  {
    auto lock = table.write_lock();
    std::vector<uint32_t> indexes;
    for (const auto& id : ids) indexes.push_back(existing(context, table, id));
    for (uint32_t index : indexes) table.erase_locked(index);
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += deleted_item(ids[i]);
  }
  out += "]}";
  send_data(res, out);
}

}  // namespace

void register_record_delete_routes(ServerContext& context) {
  using Api = ServerContext::Api;
  const std::string records = "/open-apis/bitable/v1/apps/([^/]+)/tables/([^/]+)/records";
  context.http.Delete(
      records + "/([^/]+)",
      context.business(Api::kBitable,
                       [&context](const httplib::Request& req, httplib::Response& res,
                                  const RequestContext&) { delete_one(context, req, res); }));
  context.http.Post(
      records + "/batch_delete",
      context.business(Api::kBitable,
                       [&context](const httplib::Request& req, httplib::Response& res,
                                  const RequestContext&) { batch_delete(context, req, res); }));
}

}  // namespace larkbase::emulator
