#include "columnar/data_type.hpp"

#include <fmt/format.h>

namespace larkbase::columnar {
namespace {

DataTypePtr make_type(TypeId id) {
  auto type = std::make_shared<DataType>();
  type->id = id;
  return type;
}

const char* time_unit_name(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return "s";
    case TimeUnit::kMilli:
      return "ms";
    case TimeUnit::kMicro:
      return "us";
    case TimeUnit::kNano:
      return "ns";
  }
  return "?";
}

bool fields_equal(const Field& a, const Field& b, bool compare_name) {
  return (!compare_name || a.name == b.name) && a.nullable == b.nullable && a.type->equals(*b.type);
}

}  // namespace

bool DataType::equals(const DataType& other) const {
  if (this == &other) return true;
  if (id != other.id || children.size() != other.children.size()) return false;
  switch (id) {
    case TypeId::kDecimal128:
      return precision == other.precision && scale == other.scale;
    case TypeId::kTimestamp:
      return unit == other.unit && timezone == other.timezone;
    case TypeId::kList:
      // The item's name carries no meaning (Arrow writers use "item", "$data$" or "").
      return fields_equal(children[0], other.children[0], false);
    case TypeId::kStruct:
      for (size_t i = 0; i < children.size(); ++i) {
        if (!fields_equal(children[i], other.children[i], true)) return false;
      }
      return true;
    default:
      return true;
  }
}

std::string DataType::to_string() const {
  switch (id) {
    case TypeId::kNull:
      return "null";
    case TypeId::kBool:
      return "bool";
    case TypeId::kInt8:
      return "int8";
    case TypeId::kInt16:
      return "int16";
    case TypeId::kInt32:
      return "int32";
    case TypeId::kInt64:
      return "int64";
    case TypeId::kFloat32:
      return "float32";
    case TypeId::kFloat64:
      return "float64";
    case TypeId::kUtf8:
      return "utf8";
    case TypeId::kBinary:
      return "binary";
    case TypeId::kDecimal128:
      return fmt::format("decimal128({}, {})", precision, scale);
    case TypeId::kDateDay:
      return "date[day]";
    case TypeId::kDateMilli:
      return "date[ms]";
    case TypeId::kTimestamp:
      return timezone.empty() ? fmt::format("timestamp[{}]", time_unit_name(unit))
                              : fmt::format("timestamp[{}, tz={}]", time_unit_name(unit), timezone);
    case TypeId::kList:
      return "list<" + children[0].type->to_string() + ">";
    case TypeId::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out += ", ";
        out += children[i].name + ": " + children[i].type->to_string();
        if (!children[i].nullable) out += " not null";
      }
      return out + ">";
    }
  }
  return "unknown";
}

// Parameterless types are process-wide singletons: comparing and copying them is cheap.
DataTypePtr null_type() {
  static const DataTypePtr kType = make_type(TypeId::kNull);
  return kType;
}
DataTypePtr bool_type() {
  static const DataTypePtr kType = make_type(TypeId::kBool);
  return kType;
}
DataTypePtr int8_type() {
  static const DataTypePtr kType = make_type(TypeId::kInt8);
  return kType;
}
DataTypePtr int16_type() {
  static const DataTypePtr kType = make_type(TypeId::kInt16);
  return kType;
}
DataTypePtr int32_type() {
  static const DataTypePtr kType = make_type(TypeId::kInt32);
  return kType;
}
DataTypePtr int64_type() {
  static const DataTypePtr kType = make_type(TypeId::kInt64);
  return kType;
}
DataTypePtr float32_type() {
  static const DataTypePtr kType = make_type(TypeId::kFloat32);
  return kType;
}
DataTypePtr float64_type() {
  static const DataTypePtr kType = make_type(TypeId::kFloat64);
  return kType;
}
DataTypePtr utf8_type() {
  static const DataTypePtr kType = make_type(TypeId::kUtf8);
  return kType;
}
DataTypePtr binary_type() {
  static const DataTypePtr kType = make_type(TypeId::kBinary);
  return kType;
}
DataTypePtr date_day_type() {
  static const DataTypePtr kType = make_type(TypeId::kDateDay);
  return kType;
}
DataTypePtr date_milli_type() {
  static const DataTypePtr kType = make_type(TypeId::kDateMilli);
  return kType;
}

DataTypePtr decimal128_type(int32_t precision, int32_t scale) {
  auto type = std::make_shared<DataType>();
  type->id = TypeId::kDecimal128;
  type->precision = precision;
  type->scale = scale;
  return type;
}

DataTypePtr timestamp_type(TimeUnit unit, std::string timezone) {
  auto type = std::make_shared<DataType>();
  type->id = TypeId::kTimestamp;
  type->unit = unit;
  type->timezone = std::move(timezone);
  return type;
}

DataTypePtr list_type(DataTypePtr item, std::string item_name) {
  auto type = std::make_shared<DataType>();
  type->id = TypeId::kList;
  type->children.push_back(Field{std::move(item_name), std::move(item), true});
  return type;
}

DataTypePtr struct_type(std::vector<Field> members) {
  auto type = std::make_shared<DataType>();
  type->id = TypeId::kStruct;
  type->children = std::move(members);
  return type;
}

int fixed_width_bytes(TypeId id) {
  switch (id) {
    case TypeId::kInt8:
      return 1;
    case TypeId::kInt16:
      return 2;
    case TypeId::kInt32:
    case TypeId::kFloat32:
    case TypeId::kDateDay:
      return 4;
    case TypeId::kInt64:
    case TypeId::kFloat64:
    case TypeId::kDateMilli:
    case TypeId::kTimestamp:
      return 8;
    case TypeId::kDecimal128:
      return 16;
    default:
      return 0;
  }
}

int Schema::field_index(const std::string& name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

bool Schema::equals(const Schema& other) const {
  if (fields.size() != other.fields.size() || metadata != other.metadata) return false;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!fields_equal(fields[i], other.fields[i], true)) return false;
  }
  return true;
}

}  // namespace larkbase::columnar
