// Bitable v1 schema routes: create, rename and delete a table; update a field
// (name, type, property). They let tests change a Base the way a Lark user
// does, e.g. to watch the crawler's change summary. Shapes follow the Open API
// (and the official Node SDK's typings): tables create {table:{name, fields}}
// -> {table_id, default_view_id, field_id_list}; tables patch {name} -> {name};
// tables delete -> {}; fields update (PUT) {field_name, type, ui_type?,
// property?, description?} -> {field}.
#include <fmt/format.h>

#include <map>
#include <set>

#include "emulator/http_support.hpp"
#include "emulator/server_context.hpp"

namespace larkbase::emulator {
namespace {

// Lark's codes for these routes (its published server error code list).
constexpr int kTableNameDuplicated = 1254013;
constexpr int kFieldNameDuplicated = 1254014;
constexpr int kFieldIdNotFound = 1254044;

// The default ui_type of each writable field type (lark-open-api.md §2.3).
const std::map<int, std::string>& default_ui_types() {
  static const std::map<int, std::string> kTypes = {{1, "Text"},
                                                    {2, "Number"},
                                                    {3, "SingleSelect"},
                                                    {4, "MultiSelect"},
                                                    {5, "DateTime"},
                                                    {7, "Checkbox"},
                                                    {11, "User"},
                                                    {13, "Phone"},
                                                    {15, "Url"},
                                                    {17, "Attachment"},
                                                    {18, "SingleLink"},
                                                    {20, "Formula"},
                                                    {21, "DuplexLink"},
                                                    {22, "Location"},
                                                    {23, "GroupChat"},
                                                    {1001, "CreatedTime"},
                                                    {1002, "ModifiedTime"},
                                                    {1003, "CreatedUser"},
                                                    {1004, "ModifiedUser"},
                                                    {1005, "AutoNumber"}};
  return kTypes;
}

std::string required_name(const common::Json& body, const char* key) {
  auto found = body.find(key);
  if (found == body.end() || !found->is_string() || found->get<std::string>().empty()) {
    throw field_violation(key, found == body.end() ? "" : found->dump(),
                          "a non-empty string is required");
  }
  return found->get<std::string>();
}

// A field object as list-fields returns it, from a create/update body.
common::Json field_from_body(const common::Json& body, std::string field_id, bool primary) {
  if (!body.is_object()) throw field_violation("field", body.dump(), "an object is required");
  std::string name = required_name(body, "field_name");
  auto type = body.find("type");
  if (type == body.end() || !type->is_number_integer() ||
      !default_ui_types().contains(type->get<int>())) {
    throw field_violation("type", type == body.end() ? "" : type->dump(),
                          "a writable field type (lark-open-api.md 2.3) is required");
  }
  std::string ui_type = body.value("ui_type", default_ui_types().at(type->get<int>()));
  common::Json field = {{"field_id", std::move(field_id)},
                        {"field_name", name},
                        {"type", *type},
                        {"ui_type", ui_type},
                        {"property", body.value("property", common::Json())},
                        {"is_primary", primary},
                        {"is_hidden", false}};
  if (body.contains("description")) field["description"] = body["description"];
  return field;
}

void check_table_name_free(const ServerContext& context, const Base& base, const std::string& name,
                           const Table* except) {
  for (const auto& table : base.tables) {
    if (table.get() != except && table->name() == name) {
      throw context.bitable(kTableNameDuplicated,
                            fmt::format("TableNameDuplicated: Base {} already has a table named {}",
                                        base.app_token, name));
    }
  }
}

void create_table(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const Base& base = context.base(req.matches[1]);
  common::Json body = parse_body(req);
  auto table = body.find("table");
  if (table == body.end() || !table->is_object()) {
    throw field_violation("table", table == body.end() ? "" : table->dump(),
                          "an object {name, fields?} is required");
  }
  std::string name = required_name(*table, "name");
  check_table_name_free(context, base, name, nullptr);
  common::Json given = table->value("fields", common::Json::array());
  if (!given.is_array()) throw field_violation("fields", given.dump(), "an array is required");
  // Without fields Lark makes the table with a primary text field.
  if (given.empty()) given.push_back({{"field_name", "Text"}, {"type", 1}});
  common::Json fields = common::Json::array();
  common::Json ids = common::Json::array();
  std::set<std::string> names;
  for (const auto& entry : given) {
    common::Json field = field_from_body(entry, new_object_id("fld", 10), fields.empty());
    if (!names.insert(field["field_name"].get<std::string>()).second) {
      throw context.bitable(kFieldNameDuplicated,
                            fmt::format("FieldNameDuplicated: field {} is given twice",
                                        field["field_name"].get<std::string>()));
    }
    ids.push_back(field["field_id"]);
    fields.push_back(std::move(field));
  }
  Table& created = context.store->create_table(base.app_token, name, std::move(fields));
  common::Json data = {{"table_id", created.id()},
                       {"default_view_id", new_object_id("vew", 10)},
                       {"field_id_list", ids}};
  send_data(res, data.dump());
}

void rename_table(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const Base& base = context.base(req.matches[1]);
  Table& table = context.table(req.matches[1], req.matches[2]);
  std::string name = required_name(parse_body(req), "name");
  check_table_name_free(context, base, name, &table);
  table.set_name(name);
  send_data(res, common::Json{{"name", name}}.dump());
}

void delete_table(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  const Base& base = context.base(req.matches[1]);
  const Table& table = context.table(req.matches[1], req.matches[2]);
  if (base.tables.size() == 1) {
    throw context.bitable(codes::kFail,
                          fmt::format("Fail: table {} is the last table of Base {} and cannot be "
                                      "deleted",
                                      table.id(), base.app_token));
  }
  context.store->delete_table(base.app_token, table.id());
  send_data(res, "{}");
}

void update_field(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  Table& table = context.table(req.matches[1], req.matches[2]);
  const std::string field_id = req.matches[3];
  const common::Json& fields = table.fields();
  std::optional<uint16_t> index;
  for (uint16_t i = 0; i < fields.size(); ++i) {
    if (fields[i].value("field_id", std::string()) == field_id) index = i;
  }
  if (!index) {
    throw context.bitable(kFieldIdNotFound, fmt::format("FieldIdNotFound: table {} has no field {}",
                                                        table.id(), field_id));
  }
  common::Json field =
      field_from_body(parse_body(req), field_id, fields[*index].value("is_primary", false));
  auto other = table.field_index(field["field_name"].get<std::string>());
  if (other && *other != *index) {
    throw context.bitable(kFieldNameDuplicated,
                          fmt::format("FieldNameDuplicated: table {} already has a field named {}",
                                      table.id(), field["field_name"].get<std::string>()));
  }
  table.replace_field(*index, field);
  send_data(res, common::Json{{"field", field}}.dump());
}

}  // namespace

void register_schema_routes(ServerContext& context) {
  auto schema =
      [&context](void (*handler)(ServerContext&, const httplib::Request&, httplib::Response&)) {
        return context.business(
            ServerContext::Api::kBitable,
            [&context, handler](const httplib::Request& req, httplib::Response& res,
                                const RequestContext&) { handler(context, req, res); },
            true);
      };
  const std::string tables = "/open-apis/bitable/v1/apps/([^/]+)/tables";
  context.http.Post(tables, schema(create_table));
  context.http.Patch(tables + "/([^/]+)", schema(rename_table));
  context.http.Delete(tables + "/([^/]+)", schema(delete_table));
  context.http.Put(tables + "/([^/]+)/fields/([^/]+)", schema(update_field));
}

}  // namespace larkbase::emulator
