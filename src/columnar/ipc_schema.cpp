#include "columnar/ipc_schema.hpp"

#include <fmt/format.h>

#include "common/error.hpp"

namespace larkbase::columnar::ipc_detail {
namespace {

using common::UserError;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

constexpr int kMaxDepth = 64;

fbs::TimeUnit to_fbs(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSecond:
      return fbs::TimeUnit_SECOND;
    case TimeUnit::kMilli:
      return fbs::TimeUnit_MILLISECOND;
    case TimeUnit::kMicro:
      return fbs::TimeUnit_MICROSECOND;
    case TimeUnit::kNano:
      return fbs::TimeUnit_NANOSECOND;
  }
  return fbs::TimeUnit_MILLISECOND;
}

struct TypeOffset {
  fbs::Type type;
  Offset<void> table;
};

TypeOffset write_type(FlatBufferBuilder& builder, const DataType& type) {
  switch (type.id) {
    case TypeId::kNull:
      return {fbs::Type_Null, fbs::CreateNull(builder).Union()};
    case TypeId::kBool:
      return {fbs::Type_Bool, fbs::CreateBool(builder).Union()};
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return {fbs::Type_Int, fbs::CreateInt(builder, fixed_width_bytes(type.id) * 8, true).Union()};
    case TypeId::kFloat32:
      return {fbs::Type_FloatingPoint,
              fbs::CreateFloatingPoint(builder, fbs::Precision_SINGLE).Union()};
    case TypeId::kFloat64:
      return {fbs::Type_FloatingPoint,
              fbs::CreateFloatingPoint(builder, fbs::Precision_DOUBLE).Union()};
    case TypeId::kUtf8:
      return {fbs::Type_Utf8, fbs::CreateUtf8(builder).Union()};
    case TypeId::kBinary:
      return {fbs::Type_Binary, fbs::CreateBinary(builder).Union()};
    case TypeId::kDecimal128:
      return {fbs::Type_Decimal,
              fbs::CreateDecimal(builder, type.precision, type.scale, 128).Union()};
    case TypeId::kDateDay:
      return {fbs::Type_Date, fbs::CreateDate(builder, fbs::DateUnit_DAY).Union()};
    case TypeId::kDateMilli:
      return {fbs::Type_Date, fbs::CreateDate(builder, fbs::DateUnit_MILLISECOND).Union()};
    case TypeId::kTimestamp: {
      auto zone = type.timezone.empty() ? 0 : builder.CreateString(type.timezone);
      return {fbs::Type_Timestamp, fbs::CreateTimestamp(builder, to_fbs(type.unit), zone).Union()};
    }
    case TypeId::kList:
      return {fbs::Type_List, fbs::CreateList(builder).Union()};
    case TypeId::kStruct:
      return {fbs::Type_Struct_, fbs::CreateStruct_(builder).Union()};
  }
  throw common::InternalError("no Arrow IPC form for " + type.to_string());
}

Offset<fbs::Field> write_field(FlatBufferBuilder& builder, const Field& field) {
  std::vector<Offset<fbs::Field>> children;
  children.reserve(field.type->children.size());
  for (const Field& child : field.type->children) children.push_back(write_field(builder, child));
  // Readers (Arrow C++) require the children vector even when it is empty.
  auto children_vector = builder.CreateVector(children);
  auto name = builder.CreateString(field.name);
  TypeOffset type = write_type(builder, *field.type);
  return fbs::CreateField(builder, name, field.nullable, type.type, type.table, 0, children_vector);
}

std::string text(const flatbuffers::String* value) { return value ? value->str() : std::string(); }

[[noreturn]] void unsupported(const std::string& field, const std::string& what) {
  throw UserError(
      fmt::format("Arrow field '{}' has type {}, which larkbase does not read", field, what));
}

DataTypePtr read_int(const fbs::Field& field) {
  const fbs::Int* type = field.type_as_Int();
  const int bits = type ? type->bit_width() : 0;
  if (!type || !type->is_signed()) unsupported(text(field.name()), fmt::format("uint{}", bits));
  switch (bits) {
    case 8:
      return int8_type();
    case 16:
      return int16_type();
    case 32:
      return int32_type();
    case 64:
      return int64_type();
  }
  unsupported(text(field.name()), fmt::format("int{}", bits));
}

DataTypePtr read_float(const fbs::Field& field) {
  const fbs::FloatingPoint* type = field.type_as_FloatingPoint();
  if (type && type->precision() == fbs::Precision_SINGLE) return float32_type();
  if (type && type->precision() == fbs::Precision_DOUBLE) return float64_type();
  unsupported(text(field.name()), "float16");
}

DataTypePtr read_decimal(const fbs::Field& field) {
  const fbs::Decimal* type = field.type_as_Decimal();
  if (!type || type->bit_width() != 128 || type->precision() <= 0 || type->precision() > 38 ||
      type->scale() > type->precision()) {
    unsupported(text(field.name()), type ? fmt::format("decimal{}({}, {})", type->bit_width(),
                                                       type->precision(), type->scale())
                                         : "decimal without parameters");
  }
  return decimal128_type(type->precision(), type->scale());
}

DataTypePtr read_date(const fbs::Field& field) {
  const fbs::Date* type = field.type_as_Date();
  // The unit defaults to milliseconds when the table or the value is absent.
  if (type && type->unit() == fbs::DateUnit_DAY) return date_day_type();
  if (!type || type->unit() == fbs::DateUnit_MILLISECOND) return date_milli_type();
  unsupported(text(field.name()), "date with an unknown unit");
}

DataTypePtr read_timestamp(const fbs::Field& field) {
  const fbs::Timestamp* type = field.type_as_Timestamp();
  const fbs::TimeUnit unit = type ? type->unit() : fbs::TimeUnit_SECOND;
  const std::string zone = type ? text(type->timezone()) : std::string();
  switch (unit) {
    case fbs::TimeUnit_SECOND:
      return timestamp_type(TimeUnit::kSecond, zone);
    case fbs::TimeUnit_MILLISECOND:
      return timestamp_type(TimeUnit::kMilli, zone);
    case fbs::TimeUnit_MICROSECOND:
      return timestamp_type(TimeUnit::kMicro, zone);
    case fbs::TimeUnit_NANOSECOND:
      return timestamp_type(TimeUnit::kNano, zone);
  }
  unsupported(text(field.name()), "timestamp with an unknown unit");
}

Field read_field(const fbs::Field& field, int depth);

std::vector<Field> read_children(const fbs::Field& field, int depth) {
  std::vector<Field> out;
  if (const auto* children = field.children()) {
    for (const fbs::Field* child : *children) {
      if (!child) throw UserError("Arrow field '" + text(field.name()) + "' has a null child");
      out.push_back(read_field(*child, depth + 1));
    }
  }
  return out;
}

DataTypePtr read_type(const fbs::Field& field, int depth) {
  const std::string name = text(field.name());
  switch (field.type_type()) {
    case fbs::Type_Null:
      return null_type();
    case fbs::Type_Bool:
      return bool_type();
    case fbs::Type_Int:
      return read_int(field);
    case fbs::Type_FloatingPoint:
      return read_float(field);
    case fbs::Type_Utf8:
      return utf8_type();
    case fbs::Type_Binary:
      return binary_type();
    case fbs::Type_Decimal:
      return read_decimal(field);
    case fbs::Type_Date:
      return read_date(field);
    case fbs::Type_Timestamp:
      return read_timestamp(field);
    case fbs::Type_List: {
      std::vector<Field> children = read_children(field, depth);
      if (children.size() != 1) {
        throw UserError(fmt::format("Arrow list field '{}' has {} children, expected 1", name,
                                    children.size()));
      }
      auto type = std::make_shared<DataType>();
      type->id = TypeId::kList;
      type->children = std::move(children);  // keeps the item's name and nullability
      return type;
    }
    case fbs::Type_Struct_:
      return struct_type(read_children(field, depth));
    case fbs::Type_NONE:
      throw UserError(fmt::format("Arrow field '{}' has no type", name));
    default: {
      const char* type_name = fbs::EnumNameType(field.type_type());
      unsupported(name, *type_name ? type_name : fmt::format("#{}", int(field.type_type())));
    }
  }
}

Field read_field(const fbs::Field& field, int depth) {
  const std::string name = text(field.name());
  if (depth > kMaxDepth) {
    throw UserError(
        fmt::format("Arrow field '{}' is nested deeper than {} levels", name, kMaxDepth));
  }
  if (field.dictionary()) {
    throw UserError(
        fmt::format("Arrow field '{}' is dictionary-encoded, which larkbase does not read", name));
  }
  return Field{name, read_type(field, depth), field.nullable()};
}

}  // namespace

Offset<fbs::Schema> write_schema(FlatBufferBuilder& builder, const Schema& schema) {
  std::vector<Offset<fbs::Field>> fields;
  fields.reserve(schema.fields.size());
  for (const Field& field : schema.fields) fields.push_back(write_field(builder, field));
  auto fields_vector = builder.CreateVector(fields);
  Offset<flatbuffers::Vector<Offset<fbs::KeyValue>>> metadata_vector = 0;
  if (!schema.metadata.empty()) {
    std::vector<Offset<fbs::KeyValue>> pairs;
    for (const auto& [key, value] : schema.metadata) {
      auto key_offset = builder.CreateString(key);
      auto value_offset = builder.CreateString(value);
      pairs.push_back(fbs::CreateKeyValue(builder, key_offset, value_offset));
    }
    metadata_vector = builder.CreateVector(pairs);
  }
  return fbs::CreateSchema(builder, fbs::Endianness_Little, fields_vector, metadata_vector);
}

Schema read_schema(const fbs::Schema& schema) {
  if (schema.endianness() != fbs::Endianness_Little) {
    throw UserError("Arrow schema is big-endian; larkbase reads little-endian data only");
  }
  Schema out;
  if (const auto* fields = schema.fields()) {
    for (const fbs::Field* field : *fields) {
      if (!field) throw UserError("Arrow schema has a null field");
      out.fields.push_back(read_field(*field, 0));
    }
  }
  if (const auto* metadata = schema.custom_metadata()) {
    for (const fbs::KeyValue* pair : *metadata) {
      if (pair) out.metadata.emplace_back(text(pair->key()), text(pair->value()));
    }
  }
  return out;
}

}  // namespace larkbase::columnar::ipc_detail
