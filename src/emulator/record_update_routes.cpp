// Record updates: PUT …/records/:record_id and POST …/records/batch_update.
// Only the cells a request names change (null clears one); the record's
// ModifiedTime/ModifiedUser cells and last_modified_* move to the emulator's
// clock, so incremental readers see the change. A batch is all-or-nothing:
// one unknown record id (1254043) or bad value fails it before anything is
// written.
#include <fmt/format.h>

#include <unordered_map>

#include "emulator/batch_body.hpp"
#include "emulator/http_support.hpp"
#include "emulator/record_writer.hpp"
#include "emulator/server_context.hpp"

namespace larkbase::emulator {
namespace {

// The Lark docs allow 1,000 records per batch_update (batch_create here
// keeps its own, older 500).
constexpr size_t kBatchUpdateMax = 1000;

// The table's records as one updater sees them: written records replace the
// stored ones only when every record of the request converted.
class Updater {
 public:
  Updater(ServerContext& context, Table& table, const RequestContext& request)
      : context_(context), table_(table), stamp_(write_stamp_now(request.app_id)) {
    for (uint16_t i = 0; i < table.fields().size(); ++i) all_fields_.push_back(i);
  }

  // Converts one update; the table's write lock must be held.
  uint32_t add(const common::Json& record_id, const common::Json& fields) {
    if (!record_id.is_string()) {
      throw field_violation("record_id", record_id.dump(), "a record id string is required");
    }
    const std::string& id = record_id.get_ref<const std::string&>();
    auto index = table_.find_locked(id);
    if (!index) {
      throw context_.bitable(
          codes::kRecordIdNotFound,
          fmt::format("RecordIdNotFound: table {} has no record {}", table_.id(), id));
    }
    auto pending = pending_.find(*index);
    // The same record twice in one batch: the second update applies on the first.
    common::Json existing = pending != pending_.end()
                                ? pending->second
                                : table_.record_locked(*index, all_fields_, true);
    pending_[*index] =
        record_from_update(table_, id, existing, fields, stamp_, context_.options.error_status);
    order_.push_back(*index);
    return *index;
  }

  // Writes every converted record, then the response items in request order.
  std::string commit(bool single) {
    for (const auto& [index, record] : pending_) table_.replace_locked(index, record);
    std::string out = single ? R"({"record":)" : R"({"records":[)";
    for (size_t i = 0; i < order_.size(); ++i) {
      if (i > 0) out += ',';
      table_.write_item_locked(order_[i], nullptr, false, out);
    }
    out += single ? "}" : "]}";
    return out;
  }

 private:
  ServerContext& context_;
  Table& table_;
  WriteStamp stamp_;
  std::vector<uint16_t> all_fields_;
  std::unordered_map<uint32_t, common::Json> pending_;
  std::vector<uint32_t> order_;
};

const common::Json& fields_of(const common::Json& body) {
  auto fields = body.find("fields");
  if (fields == body.end() || !fields->is_object()) {
    throw field_violation("fields", fields == body.end() ? "" : fields->dump(),
                          "an object of field values is required");
  }
  return *fields;
}

void update_one(ServerContext& context, const httplib::Request& req, httplib::Response& res,
                const RequestContext& request) {
  Table& table = context.table(req.matches[1], req.matches[2]);
  check_user_id_type(req.get_param_value("user_id_type"));
  common::Json body = parse_body(req);
  const common::Json& fields = fields_of(body);
  auto lock = table.write_lock();
  Updater updater(context, table, request);
  updater.add(common::Json(std::string(req.matches[3])), fields);
  std::string out = updater.commit(true);
  lock.unlock();
  send_data(res, out);
}

void batch_update(ServerContext& context, const httplib::Request& req, httplib::Response& res,
                  const RequestContext& request) {
  Table& table = context.table(req.matches[1], req.matches[2]);
  check_user_id_type(req.get_param_value("user_id_type"));
  common::Json body = parse_body(req);
  const common::Json& records =
      batch_records(context, body, {kBatchUpdateMax, "records", "TooManyRecords", "batch_update"});
  auto lock = table.write_lock();
  Updater updater(context, table, request);
  for (const auto& record : records) {
    if (!record.is_object()) {
      throw field_violation("records", record.dump(), "every record is an object");
    }
    updater.add(record.contains("record_id") ? record["record_id"] : common::Json(),
                fields_of(record));
  }
  std::string out = updater.commit(false);
  lock.unlock();
  send_data(res, out);
}

}  // namespace

void register_record_update_routes(ServerContext& context) {
  using Api = ServerContext::Api;
  const std::string records = "/open-apis/bitable/v1/apps/([^/]+)/tables/([^/]+)/records";
  context.http.Put(records + "/([^/]+)",
                   context.business(Api::kBitable,
                                    [&context](const httplib::Request& req, httplib::Response& res,
                                               const RequestContext& request) {
                                      update_one(context, req, res, request);
                                    }));
  context.http.Post(records + "/batch_update",
                    context.business(Api::kBitable,
                                     [&context](const httplib::Request& req, httplib::Response& res,
                                                const RequestContext& request) {
                                       batch_update(context, req, res, request);
                                     }));
}

}  // namespace larkbase::emulator
