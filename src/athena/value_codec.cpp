#include "athena/value_codec.hpp"

#include <fmt/format.h>

#include <array>
#include <memory>

#include "columnar/ipc.hpp"
#include "common/base64.hpp"

namespace larkbase::athena {
namespace {

[[noreturn]] void wrong_type(const std::string& path, const char* expected, const WireJson& got) {
  throw ShapeError(fmt::format("{} must be {}, found {}", path, expected, got.type_name()));
}

std::string decode_base64(const WireJson& value, const std::string& path) {
  if (!value.is_string()) wrong_type(path, "a base64 string", value);
  try {
    return common::base64_decode(value.get<std::string>());
  } catch (const common::Error& error) {
    throw common::UserError(fmt::format("{} is not valid base64: {}", path, error.what()));
  }
}

columnar::SchemaPtr decode_schema(const WireJson& value, const std::string& path) {
  const std::string bytes = decode_base64(value, path);
  try {
    return std::make_shared<const columnar::Schema>(columnar::read_schema_message(bytes));
  } catch (const common::Error& error) {
    throw common::UserError(
        fmt::format("{} is not an Arrow IPC Schema message: {}", path, error.what()));
  }
}

bool one_of(const std::string& text, std::initializer_list<const char*> allowed) {
  for (const char* option : allowed) {
    if (text == option) return true;
  }
  return false;
}

std::string enum_string(const WireJson& value, const std::string& path,
                        std::initializer_list<const char*> allowed) {
  if (!value.is_string()) wrong_type(path, "a string", value);
  std::string text = value.get<std::string>();
  if (!one_of(text, allowed)) {
    std::string list;
    for (const char* option : allowed) list += std::string(list.empty() ? "" : ", ") + option;
    throw ShapeError(fmt::format("{} is \"{}\"; expected one of {}", path, text, list));
  }
  return text;
}

}  // namespace

const std::vector<std::string>& constraint_members(int version) {
  static const std::array<std::vector<std::string>, 5> kMembers = {{
      {"summary"},
      {"summary"},
      {"summary", "expression", "orderByClause", "limit"},
      {"summary", "expression", "orderByClause", "limit", "queryPassthroughArguments"},
      {"summary", "expression", "orderByClause", "limit", "queryPassthroughArguments", "queryPlan"},
  }};
  return kMembers.at(size_t(std::clamp(version, 2, 6) - 2));
}

WireJson ValueDecoder::string(const WireJson& value, const std::string& path) const {
  if (!value.is_string()) wrong_type(path, "a string", value);
  return value;
}

WireJson ValueDecoder::string_or_null(const WireJson& value, const std::string& path) const {
  if (!value.is_string() && !value.is_null()) wrong_type(path, "a string or null", value);
  return value;
}

WireJson ValueDecoder::integer(const WireJson& value, const std::string& path) const {
  if (!value.is_number_integer()) wrong_type(path, "an integer", value);
  return value;
}

WireJson ValueDecoder::boolean(const WireJson& value, const std::string& path) const {
  if (!value.is_boolean()) wrong_type(path, "true or false", value);
  return value;
}

WireJson ValueDecoder::size_string(const WireJson& value, const std::string& path) const {
  // The SDK writes a string of digits and parses it as a long, so accept a number too.
  if (value.is_number_integer()) return value;
  if (!value.is_string()) wrong_type(path, "a string of decimal digits", value);
  const std::string text = value.get<std::string>();
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    throw ShapeError(fmt::format("{} is \"{}\", not a byte count of at most 18 digits", path,
                                 text.substr(0, 40)));
  }
  return WireJson(int64_t(std::stoll(text)));
}

WireJson ValueDecoder::array_of(const WireJson& value, const std::string& path,
                                WireJson (ValueDecoder::*item)(const WireJson&, const std::string&)
                                    const) const {
  if (!value.is_array()) wrong_type(path, "an array", value);
  WireJson out = WireJson::array();
  for (size_t i = 0; i < value.size(); ++i) {
    out.push_back((this->*item)(value[i], fmt::format("{}[{}]", path, i)));
  }
  return out;
}

WireJson ValueDecoder::string_array(const WireJson& value, const std::string& path) const {
  return array_of(value, path, &ValueDecoder::string);
}

WireJson ValueDecoder::string_map(const WireJson& value, const std::string& path) const {
  if (!value.is_object()) wrong_type(path, "an object of strings", value);
  for (const auto& [key, item] : value.items()) string(item, path + "." + key);
  return value;
}

WireJson ValueDecoder::identity(const WireJson& value, const std::string& path) const {
  MemberCursor in(value, path);
  WireJson out = WireJson::object();
  for (const char* name : {"id", "principal", "account", "arn"}) {
    out[name] = string_or_null(in.take(name), path + "." + name);
  }
  out["tags"] = string_map(in.take("tags"), path + ".tags");
  out["groups"] = string_array(in.take("groups"), path + ".groups");
  const WireJson* options = in.take_optional("configOptions");
  out["configOptions"] =
      options ? string_map(*options, path + ".configOptions") : WireJson::object();
  in.close();
  return out;
}

WireJson ValueDecoder::table_name(const WireJson& value, const std::string& path) const {
  MemberCursor in(value, path);
  WireJson out = WireJson::object();
  out["schemaName"] = string(in.take("schemaName"), path + ".schemaName");
  out["tableName"] = string(in.take("tableName"), path + ".tableName");
  in.close();
  return out;
}

WireJson ValueDecoder::table_names(const WireJson& value, const std::string& path) const {
  return array_of(value, path, &ValueDecoder::table_name);
}

WireJson ValueDecoder::schema(const WireJson& value, const std::string& path) const {
  return message_.add_schema(decode_schema(value, path));
}

WireJson ValueDecoder::block(const WireJson& value, const std::string& path) const {
  MemberCursor in(value, path);
  WireJson allocator = string_or_null(in.take("aId"), path + ".aId");
  columnar::SchemaPtr block_schema = decode_schema(in.take("schema"), path + ".schema");
  const WireJson& records = in.take("records");
  in.close();
  std::optional<columnar::RecordBatch> batch;
  if (!records.is_string() || !records.get<std::string>().empty()) {
    const std::string bytes = decode_base64(records, path + ".records");
    try {
      batch = columnar::read_record_batch_message(bytes, block_schema);
      batch->validate();
    } catch (const common::Error& error) {
      throw common::UserError(fmt::format("{}.records is not an Arrow IPC RecordBatch message: {}",
                                          path, error.what()));
    }
  }
  return message_.add_block(std::move(block_schema), std::move(batch),
                            allocator.is_string() ? allocator.get<std::string>() : "");
}

WireJson ValueDecoder::spill_location(const WireJson& value, const std::string& path) const {
  MemberCursor in(value, path);
  WireJson out = WireJson::object();
  out["@type"] = enum_string(in.take("@type"), path + ".@type", {"S3SpillLocation"});
  out["bucket"] = string(in.take("bucket"), path + ".bucket");
  out["key"] = string(in.take("key"), path + ".key");
  out["directory"] = boolean(in.take("directory"), path + ".directory");
  in.close();
  return out;
}

WireJson ValueDecoder::spill_locations(const WireJson& value, const std::string& path) const {
  return array_of(value, path, &ValueDecoder::spill_location);
}

WireJson ValueDecoder::encryption_key(const WireJson& value, const std::string& path) const {
  if (value.is_null()) return value;
  MemberCursor in(value, path);
  WireJson out = WireJson::object();
  for (const char* name : {"key", "nonce"}) {
    const WireJson& item = in.take(name);
    decode_base64(item, path + "." + name);
    out[name] = item;
  }
  in.close();
  return out;
}

WireJson ValueDecoder::split(const WireJson& value, const std::string& path) const {
  MemberCursor in(value, path);
  WireJson out = WireJson::object();
  const WireJson& spill = in.take("spillLocation");
  out["spillLocation"] = spill.is_null() ? spill : spill_location(spill, path + ".spillLocation");
  out["encryptionKey"] = encryption_key(in.take("encryptionKey"), path + ".encryptionKey");
  out["properties"] = string_map(in.take("properties"), path + ".properties");
  in.close();
  return out;
}

WireJson ValueDecoder::splits(const WireJson& value, const std::string& path) const {
  return array_of(value, path, &ValueDecoder::split);
}

WireJson ValueDecoder::capabilities(const WireJson& value, const std::string& path) const {
  if (!value.is_object()) wrong_type(path, "an object", value);
  WireJson out = WireJson::object();
  for (const auto& [name, list] : value.items()) {
    const std::string list_path = path + "." + name;
    if (!list.is_array()) wrong_type(list_path, "an array", list);
    WireJson items = WireJson::array();
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string item_path = fmt::format("{}[{}]", list_path, i);
      MemberCursor in(list[i], item_path);
      WireJson item = WireJson::object();
      item["subType"] = string(in.take("subType"), item_path + ".subType");
      item["properties"] = string_array(in.take("properties"), item_path + ".properties");
      in.close();
      items.push_back(std::move(item));
    }
    out[name] = std::move(items);
  }
  return out;
}

WireJson ValueDecoder::constraints(const WireJson& value, const std::string& path) const {
  MemberCursor in(value, path);
  WireJson out = WireJson::object();
  const WireJson& summary = in.take("summary");
  if (!summary.is_object()) wrong_type(path + ".summary", "an object", summary);
  WireJson sets = WireJson::object();
  for (const auto& [column, set] : summary.items()) {
    sets[column] = value_set(set, path + ".summary." + column);
  }
  out["summary"] = std::move(sets);
  if (version_ >= 4) {
    out["expression"] =
        array_of(in.take("expression"), path + ".expression", &ValueDecoder::expression);
    const WireJson& order = in.take("orderByClause");
    if (!order.is_array()) wrong_type(path + ".orderByClause", "an array", order);
    WireJson fields = WireJson::array();
    for (size_t i = 0; i < order.size(); ++i) {
      const std::string item_path = fmt::format("{}.orderByClause[{}]", path, i);
      MemberCursor field(order[i], item_path);
      WireJson item = WireJson::object();
      item["columnName"] = string(field.take("columnName"), item_path + ".columnName");
      item["direction"] =
          enum_string(field.take("direction"), item_path + ".direction",
                      {"ASC_NULLS_FIRST", "ASC_NULLS_LAST", "DESC_NULLS_FIRST", "DESC_NULLS_LAST"});
      field.close();
      fields.push_back(std::move(item));
    }
    out["orderByClause"] = std::move(fields);
    out["limit"] = integer(in.take("limit"), path + ".limit");
  }
  if (version_ >= 5) {
    out["queryPassthroughArguments"] =
        string_map(in.take("queryPassthroughArguments"), path + ".queryPassthroughArguments");
  }
  if (version_ >= 6) {
    const WireJson& plan = in.take("queryPlan");
    if (plan.is_null()) {
      out["queryPlan"] = plan;
    } else {
      MemberCursor plan_in(plan, path + ".queryPlan");
      WireJson item = WireJson::object();
      item["substraitVersion"] =
          string_or_null(plan_in.take("substraitVersion"), path + ".queryPlan.substraitVersion");
      item["substraitPlan"] =
          string_or_null(plan_in.take("substraitPlan"), path + ".queryPlan.substraitPlan");
      plan_in.close();
      out["queryPlan"] = std::move(item);
    }
  }
  in.close();
  return out;
}

WireJson ValueDecoder::marker(const WireJson& value, const std::string& path) const {
  MemberCursor in(value, path);
  WireJson out = WireJson::object();
  out["valueBlock"] = block(in.take("valueBlock"), path + ".valueBlock");
  out["bound"] = enum_string(in.take("bound"), path + ".bound", {"BELOW", "EXACTLY", "ABOVE"});
  out["nullValue"] = boolean(in.take("nullValue"), path + ".nullValue");
  in.close();
  return out;
}

WireJson ValueDecoder::value_set(const WireJson& value, const std::string& path) const {
  MemberCursor in(value, path);
  WireJson out = WireJson::object();
  const std::string type =
      enum_string(in.take("@type"), path + ".@type",
                  {"EquatableValueSet", "SortedRangeSet", "AllOrNoneValueSet"});
  out["@type"] = type;
  if (type == "EquatableValueSet") {
    out["valueBlock"] = block(in.take("valueBlock"), path + ".valueBlock");
    out["whiteList"] = boolean(in.take("whiteList"), path + ".whiteList");
  } else if (type == "SortedRangeSet") {
    out["type"] = arrow_type(in.take("type"), path + ".type");
    const WireJson& ranges = in.take("ranges");
    if (!ranges.is_array()) wrong_type(path + ".ranges", "an array", ranges);
    WireJson items = WireJson::array();
    for (size_t i = 0; i < ranges.size(); ++i) {
      const std::string item_path = fmt::format("{}.ranges[{}]", path, i);
      MemberCursor range(ranges[i], item_path);
      WireJson item = WireJson::object();
      item["low"] = marker(range.take("low"), item_path + ".low");
      item["high"] = marker(range.take("high"), item_path + ".high");
      range.close();
      items.push_back(std::move(item));
    }
    out["ranges"] = std::move(items);
  } else {
    out["type"] = arrow_type(in.take("type"), path + ".type");
    out["all"] = boolean(in.take("all"), path + ".all");
  }
  out["nullAllowed"] = boolean(in.take("nullAllowed"), path + ".nullAllowed");
  in.close();
  return out;
}

WireJson ValueDecoder::arrow_type(const WireJson& value, const std::string& path) const {
  MemberCursor in(value, path);
  WireJson out = WireJson::object();
  const std::string type = enum_string(
      in.take("@type"), path + ".@type",
      {"Null", "Struct", "List", "FixedSizeList", "Int", "FloatingPoint", "Utf8", "Binary",
       "FixedSizeBinary", "Bool", "Decimal", "Date", "Time", "Timestamp", "Interval", "Map"});
  out["@type"] = type;
  auto member = [&](const char* name, auto check) {
    out[name] = check(in.take(name), path + "." + name);
  };
  auto as_int = [&](const WireJson& v, const std::string& p) { return integer(v, p); };
  auto as_string = [&](const WireJson& v, const std::string& p) { return string(v, p); };
  if (type == "FixedSizeList") member("listSize", as_int);
  if (type == "Int") {
    member("bitWidth", as_int);
    out["isSigned"] = boolean(in.take("isSigned"), path + ".isSigned");
  }
  if (type == "FloatingPoint") {
    out["precision"] =
        enum_string(in.take("precision"), path + ".precision", {"HALF", "SINGLE", "DOUBLE"});
  }
  if (type == "FixedSizeBinary") member("byteWidth", as_int);
  if (type == "Decimal") {
    member("precision", as_int);
    member("scale", as_int);
  }
  if (type == "Date" || type == "Time" || type == "Timestamp" || type == "Interval") {
    member("unit", as_string);
  }
  if (type == "Time") member("bitWidth", as_int);
  if (type == "Timestamp")
    out["timezone"] = string_or_null(in.take("timezone"), path + ".timezone");
  in.close();
  return out;
}

WireJson ValueDecoder::expression(const WireJson& value, const std::string& path) const {
  MemberCursor in(value, path);
  WireJson out = WireJson::object();
  const std::string type =
      enum_string(in.take("@type"), path + ".@type",
                  {"FunctionCallExpression", "VariableExpression", "ConstantExpression"});
  out["@type"] = type;
  if (type == "FunctionCallExpression") {
    out["type"] = arrow_type(in.take("type"), path + ".type");
    MemberCursor name(in.take("functionName"), path + ".functionName");
    WireJson function = WireJson::object();
    function["functionName"] = string(name.take("functionName"), path + ".functionName");
    name.close();
    out["functionName"] = std::move(function);
    out["arguments"] =
        array_of(in.take("arguments"), path + ".arguments", &ValueDecoder::expression);
  } else if (type == "VariableExpression") {
    out["columnName"] = string(in.take("columnName"), path + ".columnName");
    out["type"] = arrow_type(in.take("type"), path + ".type");
  } else {
    out["valueBlock"] = block(in.take("valueBlock"), path + ".valueBlock");
    out["type"] = arrow_type(in.take("type"), path + ".type");
  }
  in.close();
  return out;
}

}  // namespace larkbase::athena
