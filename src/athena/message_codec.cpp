// Message-level serde: which members each @type has in which version (§4), the
// composite handler's version fallback (§1.5), and the writer.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

#include "athena/message.hpp"
#include "athena/spill.hpp"
#include "athena/value_codec.hpp"
#include "columnar/cell_json.hpp"
#include "columnar/ipc.hpp"
#include "columnar/record_batch_message.hpp"
#include "common/base64.hpp"
#include "common/error.hpp"

namespace larkbase::athena {
namespace {

using Decode = WireJson (ValueDecoder::*)(const WireJson&, const std::string&) const;

struct MemberSpec {
  const char* name;
  Decode decode;
  int since = kMinSerdeVersion;
  // Present: the member may be missing at the end of the object (this default).
  std::optional<WireJson> default_value = std::nullopt;
};

const std::vector<MemberSpec>& prefix_then(std::vector<MemberSpec>& out,
                                           std::vector<MemberSpec> rest) {
  std::vector<MemberSpec> members = {{"identity", &ValueDecoder::identity},
                                     {"queryId", &ValueDecoder::string_or_null},
                                     {"catalogName", &ValueDecoder::string}};
  members.insert(members.end(), rest.begin(), rest.end());
  out = std::move(members);
  return out;
}

const std::map<std::string, std::vector<MemberSpec>>& message_specs() {
  static const auto* kSpecs = [] {
    auto* specs = new std::map<std::string, std::vector<MemberSpec>>();
    auto& s = *specs;
    using V = ValueDecoder;
    s["PingRequest"] = {
        {"identity", &V::identity}, {"catalogName", &V::string}, {"queryId", &V::string_or_null}};
    s["PingResponse"] = {{"catalogName", &V::string},
                         {"queryId", &V::string_or_null},
                         {"sourceType", &V::string},
                         {"capabilities", &V::integer},
                         {"serDeVersion", &V::integer, kMinSerdeVersion, WireJson(1)}};
    prefix_then(s["ListSchemasRequest"], {});
    s["ListSchemasResponse"] = {{"catalogName", &V::string}, {"schemas", &V::string_array}};
    prefix_then(s["ListTablesRequest"],
                {{"schemaName", &V::string},
                 {"nextToken", &V::string_or_null, kMinSerdeVersion, WireJson(nullptr)},
                 {"pageSize", &V::integer, kMinSerdeVersion, WireJson(-1)}});
    s["ListTablesResponse"] = {
        {"tables", &V::table_names},
        {"catalogName", &V::string},
        {"nextToken", &V::string_or_null, kMinSerdeVersion, WireJson(nullptr)}};
    prefix_then(s["GetTableRequest"],
                {{"tableName", &V::table_name}, {"queryPassthroughArguments", &V::string_map, 5}});
    s["GetTableResponse"] = {{"catalogName", &V::string},
                             {"tableName", &V::table_name},
                             {"schema", &V::schema},
                             {"partitionColumns", &V::string_array}};
    prefix_then(s["GetTableLayoutRequest"], {{"tableName", &V::table_name},
                                             {"constraints", &V::constraints},
                                             {"schema", &V::schema},
                                             {"partitionColumns", &V::string_array}});
    s["GetTableLayoutResponse"] = {
        {"catalogName", &V::string}, {"tableName", &V::table_name}, {"partitions", &V::block}};
    prefix_then(s["GetSplitsRequest"], {{"tableName", &V::table_name},
                                        {"partitions", &V::block},
                                        {"partitionColumns", &V::string_array},
                                        {"constraints", &V::constraints},
                                        {"continuationToken", &V::string_or_null}});
    s["GetSplitsResponse"] = {{"catalogName", &V::string},
                              {"splits", &V::splits},
                              {"continuationToken", &V::string_or_null}};
    prefix_then(s["ReadRecordsRequest"], {{"tableName", &V::table_name},
                                          {"schema", &V::schema},
                                          {"split", &V::split},
                                          {"constraints", &V::constraints},
                                          {"maxBlockSize", &V::size_string},
                                          {"maxInlineBlockSize", &V::size_string}});
    s["ReadRecordsResponse"] = {{"catalogName", &V::string}, {"records", &V::block}};
    s["RemoteReadRecordsResponse"] = {{"catalogName", &V::string},
                                      {"schema", &V::schema},
                                      {"remoteBlocks", &V::spill_locations},
                                      {"encryptionKey", &V::encryption_key}};
    s["UserDefinedFunctionRequest"] = {{"identity", &V::identity},
                                       {"inputRecords", &V::block},
                                       {"outputSchema", &V::schema},
                                       {"methodName", &V::string},
                                       {"functionType", &V::string}};
    s["UserDefinedFunctionResponse"] = {{"records", &V::block}, {"methodName", &V::string}};
    prefix_then(s["GetDataSourceCapabilitiesRequest"], {});
    s["GetDataSourceCapabilitiesResponse"] = {{"catalogName", &V::string},
                                              {"capabilities", &V::capabilities}};
    return specs;
  }();
  return *kSpecs;
}

columnar::IpcFraming framing_of(int version) {
  return version <= 2 ? columnar::IpcFraming::kLegacy : columnar::IpcFraming::kContinuation;
}

// Replaces payload references with what `expand` makes of them.
WireJson map_payloads(const WireJson& node, const Message& message,
                      const std::function<WireJson(const WireJson&)>& expand) {
  if (node.is_array()) {
    WireJson out = WireJson::array();
    for (const WireJson& item : node) out.push_back(map_payloads(item, message, expand));
    return out;
  }
  if (!node.is_object()) return node;
  if (node.contains("$schema") || node.contains("$block")) return expand(node);
  WireJson out = WireJson::object();
  for (const auto& [key, value] : node.items()) out[key] = map_payloads(value, message, expand);
  return out;
}

WireJson constraints_in(const WireJson& constraints, int version) {
  static const std::map<std::string, WireJson> kDefaults = {
      {"expression", WireJson::array()},
      {"orderByClause", WireJson::array()},
      {"limit", WireJson(-1)},
      {"queryPassthroughArguments", WireJson::object()},
      {"queryPlan", WireJson(nullptr)}};
  WireJson out = WireJson::object();
  for (const std::string& name : constraint_members(version)) {
    out[name] = constraints.contains(name) ? constraints[name] : kDefaults.at(name);
  }
  return out;
}

}  // namespace

WireJson Message::add_schema(columnar::SchemaPtr schema) {
  payloads.push_back({std::move(schema), std::nullopt, {}});
  return WireJson{{"$schema", payloads.size() - 1}};
}

WireJson Message::add_block(columnar::SchemaPtr schema, std::vector<columnar::RecordBatch> parts) {
  std::erase_if(parts, [](const columnar::RecordBatch& part) { return part.num_rows == 0; });
  if (parts.size() == 1) return add_block(std::move(schema), std::move(parts[0]));
  WireJson out = add_block(std::move(schema), std::nullopt);
  payloads.back().parts = std::move(parts);
  return out;
}

WireJson Message::add_block(columnar::SchemaPtr schema, std::optional<columnar::RecordBatch> batch,
                            std::string allocator_id) {
  if (batch && batch->num_rows == 0) batch.reset();
  payloads.push_back({std::move(schema), std::move(batch), {}});
  WireJson out = WireJson::object();
  out["aId"] = std::move(allocator_id);
  out["$block"] = payloads.size() - 1;
  return out;
}

const ArrowPayload& Message::payload(const WireJson& reference) const {
  const char* key = reference.contains("$schema") ? "$schema" : "$block";
  if (!reference.is_object() || !reference.contains(key) || !reference[key].is_number_unsigned() ||
      reference[key].get<size_t>() >= payloads.size()) {
    throw common::InternalError("not an Arrow payload reference: " + reference.dump());
  }
  return payloads[reference[key].get<size_t>()];
}

Message make_reply(const Message& request, std::string type) {
  Message out;
  out.type = std::move(type);
  out.version = request.version;
  return out;
}

Message parse_message_as(const WireJson& json, int version) {
  MemberCursor in(json, "the request");
  const WireJson* type = in.take_optional("@type");
  if (!type) {
    throw common::UserError(
        "the request has no \"@type\" as its first member; expected a federation request such "
        "as {\"@type\":\"PingRequest\",…}");
  }
  if (!type->is_string()) throw common::UserError("the request's \"@type\" must be a string");
  Message message;
  message.type = type->get<std::string>();
  message.version = version;
  const auto& specs = message_specs();
  auto spec = specs.find(message.type);
  if (spec == specs.end()) {
    throw common::UserError(fmt::format(
        "unknown \"@type\" \"{}\"; this connector speaks the Athena federation messages of serde "
        "versions 2 to 6",
        message.type.substr(0, 80)));
  }
  ValueDecoder decode(message, version);
  for (const MemberSpec& member : spec->second) {
    if (member.since > version) continue;
    const std::string path = message.type + "." + member.name;
    if (member.default_value && in.at_end()) {
      message.body[member.name] = *member.default_value;
      continue;
    }
    message.body[member.name] = (decode.*member.decode)(in.take(member.name), path);
  }
  // Unknown trailing top-level members are ignored (forward compatibility).
  return message;
}

Message parse_message(std::string_view text) {
  if (text.size() > kMaxRequestBytes) {
    throw common::UserError(fmt::format(
        "the request is {} bytes; the largest accepted is {} bytes (the Lambda payload limit)",
        text.size(), kMaxRequestBytes));
  }
  const WireJson json = parse_wire_json(text, "the request");
  std::string first_error;
  for (int version = kMaxSerdeVersion; version >= kMinSerdeVersion; --version) {
    try {
      return parse_message_as(json, version);
    } catch (const ShapeError& error) {
      if (first_error.empty()) first_error = error.what();
    }
  }
  throw common::UserError(
      fmt::format("the request does not fit any serde version from {} to {}: {}", kMaxSerdeVersion,
                  kMinSerdeVersion, first_error));
}

namespace {

// The records of Arrow blocks written out of the DOM: the DOM holds a placeholder
// (a per-message random tag and the index) where each block's base64 goes. The
// slots keep the IPC messages laid out, unwritten: their bytes go from the
// batches straight into the final text as base64.
struct RecordSlots {
  std::string tag = "larkbase-records-" + random_uuid() + "-";
  std::vector<columnar::RecordBatchMessage> messages;
};

WireJson wire_of(const Message& message, RecordSlots* slots) {
  const columnar::IpcFraming framing = framing_of(message.version);
  auto expand = [&](const WireJson& reference) -> WireJson {
    const ArrowPayload& payload = message.payload(reference);
    const std::string schema =
        common::base64_encode(columnar::write_schema_message(*payload.schema, framing));
    if (reference.contains("$schema")) return schema;
    WireJson block = WireJson::object();
    block["aId"] = reference.value("aId", WireJson(""));
    block["schema"] = schema;
    if (!payload.batch && payload.parts.empty()) {
      block["records"] = "";
      return block;
    }
    const std::vector<columnar::RecordBatch> one =
        payload.batch ? std::vector<columnar::RecordBatch>{*payload.batch}
                      : std::vector<columnar::RecordBatch>{};
    columnar::RecordBatchMessage records(payload.batch ? one : payload.parts, framing);
    if (slots) {
      block["records"] = slots->tag + std::to_string(slots->messages.size());
      slots->messages.push_back(std::move(records));
    } else {
      std::string bytes;
      bytes.reserve(records.size());
      records.write([&bytes](std::string_view piece) { bytes.append(piece); });
      block["records"] = common::base64_encode(bytes);
    }
    return block;
  };
  WireJson out = WireJson::object();
  out["@type"] = message.type;
  for (const auto& [key, value] : message.body.items()) {
    if (key == "constraints") {
      out[key] = map_payloads(constraints_in(value, message.version), message, expand);
    } else if ((key == "maxBlockSize" || key == "maxInlineBlockSize") && value.is_number()) {
      out[key] = std::to_string(value.get<int64_t>());
    } else if (key == "queryPassthroughArguments" && message.version < 5) {
      continue;
    } else {
      out[key] = map_payloads(value, message, expand);
    }
  }
  if (message.type == "GetTableRequest" && message.version >= 5 &&
      !out.contains("queryPassthroughArguments")) {
    out["queryPassthroughArguments"] = WireJson::object();
  }
  return out;
}

}  // namespace

WireJson to_wire(const Message& message) { return wire_of(message, nullptr); }

// Base64 needs no JSON escaping, so the blocks' records are not copied into the
// DOM and scanned byte by byte by the JSON writer: they are base64-encoded
// straight into the dumped text in place of their placeholders, the only copy
// of the text (for a ReadRecords answer nearly all of it).
std::string write_message(const Message& message) {
  RecordSlots slots;
  const std::string skeleton = wire_of(message, &slots).dump();
  if (slots.messages.empty()) return skeleton;
  std::vector<std::pair<size_t, size_t>> places;  // (offset in skeleton, slot)
  size_t total = skeleton.size();
  for (size_t i = 0; i < slots.messages.size(); ++i) {
    const std::string mark = "\"" + slots.tag + std::to_string(i) + "\"";
    const size_t at = skeleton.find(mark);
    if (at == std::string::npos) throw common::InternalError("a records placeholder was lost");
    places.emplace_back(at + 1, i);
    total += common::base64_size(slots.messages[i].size());
  }
  std::sort(places.begin(), places.end());
  std::string out;
  // Sized once, and each text written in place: resize_and_overwrite would skip
  // zeroing, but libstdc++ 12 lacks it, so the fill is the one extra pass.
  out.resize(total);
  char* to = out.data();
  size_t from = 0;
  auto copy_skeleton = [&](size_t end) {
    to = std::copy(skeleton.begin() + std::ptrdiff_t(from), skeleton.begin() + std::ptrdiff_t(end),
                   to);
  };
  for (const auto& [at, i] : places) {
    copy_skeleton(at);
    common::Base64Writer base64(to);
    slots.messages[i].write([&base64](std::string_view bytes) { base64.write(bytes); });
    to = base64.finish();
    from = at + slots.tag.size() + std::to_string(i).size();
  }
  copy_skeleton(skeleton.size());
  out.resize(size_t(to - out.data()));  // the placeholders' length was counted too
  return out;
}

WireJson decoded_content(const Message& message) {
  auto expand = [&](const WireJson& reference) -> WireJson {
    const ArrowPayload& payload = message.payload(reference);
    WireJson out = WireJson::object();
    WireJson fields = WireJson::array();
    for (const columnar::Field& field : payload.schema->fields) {
      fields.push_back(field.name + ":" + field.type->to_string() + (field.nullable ? "" : "!"));
    }
    out["fields"] = std::move(fields);
    if (reference.contains("$block")) {
      out["aId"] = reference.value("aId", WireJson(""));
      WireJson rows = WireJson::array();
      std::vector<columnar::RecordBatch> batches = payload.parts;
      if (payload.batch) batches.push_back(*payload.batch);
      for (const columnar::RecordBatch& batch : batches) {
        for (int64_t r = 0; r < batch.num_rows; ++r) {
          WireJson row = WireJson::array();
          for (const auto& column : batch.columns) {
            row.push_back(WireJson(columnar::cell_to_json(*column, r)));
          }
          rows.push_back(std::move(row));
        }
      }
      out["rows"] = std::move(rows);
    }
    return out;
  };
  WireJson out = WireJson::object();
  out["@type"] = message.type;
  out["body"] = map_payloads(message.body, message, expand);
  return out;
}

LambdaError parse_lambda_error(std::string_view text) {
  const WireJson json = parse_wire_json(text, "the Lambda error document");
  if (!json.is_object()) throw common::UserError("a Lambda error document must be an object");
  LambdaError error;
  if (json.contains("errorType") && json["errorType"].is_string()) {
    error.error_type = json["errorType"].get<std::string>();
  }
  if (json.contains("errorMessage") && json["errorMessage"].is_string()) {
    error.error_message = json["errorMessage"].get<std::string>();
  }
  if (json.contains("stackTrace") && json["stackTrace"].is_array()) {
    for (const WireJson& frame : json["stackTrace"]) {
      if (frame.is_string()) error.stack_trace.push_back(frame.get<std::string>());
      if (frame.is_array()) {
        for (const WireJson& part : frame) {
          if (part.is_string()) error.stack_trace.push_back(part.get<std::string>());
        }
      }
    }
  }
  return error;
}

}  // namespace larkbase::athena
