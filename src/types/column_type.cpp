#include "types/column_type.hpp"

#include <fmt/format.h>

#include <array>

#include "common/error.hpp"

namespace larkbase::types {
namespace {

using columnar::DataType;
using columnar::DataTypePtr;
using columnar::TypeId;

columnar::Field utf8(std::string name) { return {std::move(name), columnar::utf8_type(), true}; }

struct TypeName {
  TypeId id;
  const char* name;
};
constexpr std::array<TypeName, 16> kTypeNames{{
    {TypeId::kNull, "null"},
    {TypeId::kBool, "bool"},
    {TypeId::kInt8, "int8"},
    {TypeId::kInt16, "int16"},
    {TypeId::kInt32, "int32"},
    {TypeId::kInt64, "int64"},
    {TypeId::kFloat32, "float32"},
    {TypeId::kFloat64, "float64"},
    {TypeId::kUtf8, "utf8"},
    {TypeId::kBinary, "binary"},
    {TypeId::kDecimal128, "decimal128"},
    {TypeId::kDateDay, "date_day"},
    {TypeId::kDateMilli, "date_milli"},
    {TypeId::kTimestamp, "timestamp"},
    {TypeId::kList, "list"},
    {TypeId::kStruct, "struct"},
}};
constexpr std::array<const char*, 4> kUnitNames{"s", "ms", "us", "ns"};

}  // namespace

DataTypePtr person_type() {
  static const DataTypePtr type = columnar::struct_type({utf8("id"), utf8("name"), utf8("email")});
  return type;
}

DataTypePtr url_type() {
  static const DataTypePtr type = columnar::struct_type({utf8("text"), utf8("link")});
  return type;
}

DataTypePtr attachment_type() {
  static const DataTypePtr type = columnar::struct_type({utf8("name"),
                                                         utf8("url"),
                                                         {"size", columnar::int64_type(), true},
                                                         utf8("type"),
                                                         utf8("token")});
  return type;
}

DataTypePtr link_type() {
  static const DataTypePtr type = columnar::struct_type({utf8("record_id"), utf8("text")});
  return type;
}

DataTypePtr location_type() {
  static const DataTypePtr type =
      columnar::struct_type({utf8("location"),
                             {"latitude", columnar::float64_type(), true},
                             {"longitude", columnar::float64_type(), true},
                             utf8("address"),
                             utf8("full_address"),
                             utf8("name"),
                             utf8("pname"),
                             utf8("cityname"),
                             utf8("adname")});
  return type;
}

DataTypePtr scalar_type(FieldKind kind) {
  switch (kind) {
    case FieldKind::kText:
    case FieldKind::kBarcode:
    case FieldKind::kEmail:
    case FieldKind::kPhone:
    case FieldKind::kSingleSelect:
    case FieldKind::kGroupChat:
    case FieldKind::kAutoNumber:
    case FieldKind::kFormula:
      return columnar::utf8_type();
    case FieldKind::kNumber:
    case FieldKind::kProgress:
    case FieldKind::kCurrency:
      return columnar::float64_type();
    case FieldKind::kRating:
      return columnar::int32_type();
    case FieldKind::kDateTime:
    case FieldKind::kCreatedTime:
    case FieldKind::kModifiedTime:
      return columnar::int64_type();
    case FieldKind::kCheckbox:
      return columnar::bool_type();
    default:
      return nullptr;
  }
}

DataTypePtr column_type(FieldKind kind, FieldKind lookup_target) {
  if (auto scalar = scalar_type(kind)) return scalar;
  switch (kind) {
    case FieldKind::kMultiSelect:
      return columnar::list_type(columnar::utf8_type());
    case FieldKind::kUser:
      return columnar::list_type(person_type());
    case FieldKind::kCreatedUser:
    case FieldKind::kModifiedUser:
      return person_type();
    case FieldKind::kUrl:
      return url_type();
    case FieldKind::kAttachment:
      return columnar::list_type(attachment_type());
    case FieldKind::kSingleLink:
    case FieldKind::kDuplexLink:
      return columnar::list_type(link_type());
    case FieldKind::kLocation:
      return location_type();
    case FieldKind::kLookup: {
      auto item = scalar_type(lookup_target);
      return columnar::list_type(item ? item : columnar::utf8_type());
    }
    case FieldKind::kStage:
    case FieldKind::kButton:
      return nullptr;
    default:
      return columnar::utf8_type();  // unknown: the cell's raw JSON text
  }
}

std::string glue_type(const DataType& type) {
  switch (type.id) {
    case TypeId::kNull:
    case TypeId::kUtf8:
      return "string";
    case TypeId::kBool:
      return "boolean";
    case TypeId::kInt8:
      return "tinyint";
    case TypeId::kInt16:
      return "smallint";
    case TypeId::kInt32:
      return "int";
    case TypeId::kInt64:
      return "bigint";
    case TypeId::kFloat32:
      return "float";
    case TypeId::kFloat64:
      return "double";
    case TypeId::kBinary:
      return "binary";
    case TypeId::kDecimal128:
      return fmt::format("decimal({},{})", type.precision, type.scale);
    case TypeId::kDateDay:
      return "date";
    case TypeId::kDateMilli:
    case TypeId::kTimestamp:
      return "timestamp";
    case TypeId::kList:
      return "array<" + glue_type(*type.children.at(0).type) + ">";
    case TypeId::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < type.children.size(); ++i) {
        if (i > 0) out += ',';
        out += type.children[i].name + ":" + glue_type(*type.children[i].type);
      }
      return out + ">";
    }
  }
  return "string";
}

common::Json data_type_to_json(const DataType& type) {
  common::Json json;
  for (const auto& entry : kTypeNames) {
    if (entry.id == type.id) json["id"] = entry.name;
  }
  if (type.id == TypeId::kDecimal128) {
    json["precision"] = type.precision;
    json["scale"] = type.scale;
  }
  if (type.id == TypeId::kTimestamp) {
    json["unit"] = kUnitNames[static_cast<size_t>(type.unit)];
    json["timezone"] = type.timezone;
  }
  if (!type.children.empty()) {
    common::Json children = common::Json::array();
    for (const auto& child : type.children) {
      children.push_back(common::Json{{"name", child.name},
                                      {"nullable", child.nullable},
                                      {"type", data_type_to_json(*child.type)}});
    }
    json["children"] = std::move(children);
  }
  return json;
}

DataTypePtr data_type_from_json(const common::Json& json, std::string_view what) {
  auto fail = [&](std::string_view why) -> DataTypePtr {
    throw common::UserError(
        fmt::format("{}: invalid column type JSON ({}); regenerate it", what, why));
  };
  if (!json.is_object() || !json.contains("id") || !json["id"].is_string()) return fail("no id");
  std::string id = json["id"].get<std::string>();
  std::vector<columnar::Field> children;
  if (auto it = json.find("children"); it != json.end()) {
    if (!it->is_array()) return fail("children is not an array");
    for (const auto& child : *it) {
      if (!child.is_object() || !child.contains("type")) return fail("bad child");
      children.push_back({child.value("name", std::string()),
                          data_type_from_json(child["type"], what), child.value("nullable", true)});
    }
  }
  if (id == "list") {
    if (children.size() != 1) return fail("a list needs one child");
    return columnar::list_type(children[0].type, children[0].name);
  }
  if (id == "struct") return columnar::struct_type(std::move(children));
  if (id == "decimal128") {
    return columnar::decimal128_type(json.value("precision", 38), json.value("scale", 0));
  }
  if (id == "timestamp") {
    std::string unit = json.value("unit", std::string("ms"));
    for (size_t i = 0; i < kUnitNames.size(); ++i) {
      if (unit == kUnitNames[i]) {
        return columnar::timestamp_type(static_cast<columnar::TimeUnit>(i),
                                        json.value("timezone", std::string()));
      }
    }
    return fail("unknown time unit");
  }
  switch ([&] {
    for (const auto& entry : kTypeNames) {
      if (id == entry.name) return entry.id;
    }
    return TypeId::kList;  // never a plain id here: lists were handled above
  }()) {
    case TypeId::kNull:
      return columnar::null_type();
    case TypeId::kBool:
      return columnar::bool_type();
    case TypeId::kInt8:
      return columnar::int8_type();
    case TypeId::kInt16:
      return columnar::int16_type();
    case TypeId::kInt32:
      return columnar::int32_type();
    case TypeId::kInt64:
      return columnar::int64_type();
    case TypeId::kFloat32:
      return columnar::float32_type();
    case TypeId::kFloat64:
      return columnar::float64_type();
    case TypeId::kUtf8:
      return columnar::utf8_type();
    case TypeId::kBinary:
      return columnar::binary_type();
    case TypeId::kDateDay:
      return columnar::date_day_type();
    case TypeId::kDateMilli:
      return columnar::date_milli_type();
    default:
      return fail("unknown type id '" + id + "'");
  }
}

}  // namespace larkbase::types
