#pragma once
// Arrow logical types for the project's type set (design.md §2, types.md).
// The writer side covers Bool, Int32, Int64, Float64, Utf8, List and Struct;
// the reader side also decodes the scalar types Athena puts into constraint
// value blocks (Int8/16, Float32, Decimal128, Date, Timestamp).
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace larkbase::columnar {

enum class TypeId {
  kNull,
  kBool,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kUtf8,
  kBinary,
  kDecimal128,
  kDateDay,    // int32 days since the epoch
  kDateMilli,  // int64 milliseconds since the epoch
  kTimestamp,  // int64 in `unit`, with an optional time zone
  kList,
  kStruct,
};

enum class TimeUnit { kSecond, kMilli, kMicro, kNano };

struct DataType;
using DataTypePtr = std::shared_ptr<const DataType>;

struct Field {
  std::string name;
  DataTypePtr type;
  bool nullable = true;
};

struct DataType {
  TypeId id = TypeId::kNull;
  std::vector<Field> children;       // List: exactly one (the item); Struct: the members
  int32_t precision = 0;             // Decimal128
  int32_t scale = 0;                 // Decimal128
  TimeUnit unit = TimeUnit::kMilli;  // Timestamp
  std::string timezone;              // Timestamp; empty = none

  bool equals(const DataType& other) const;
  // A readable form, e.g. "list<struct<id: utf8, name: utf8>>".
  std::string to_string() const;
};

DataTypePtr null_type();
DataTypePtr bool_type();
DataTypePtr int8_type();
DataTypePtr int16_type();
DataTypePtr int32_type();
DataTypePtr int64_type();
DataTypePtr float32_type();
DataTypePtr float64_type();
DataTypePtr utf8_type();
DataTypePtr binary_type();
DataTypePtr decimal128_type(int32_t precision, int32_t scale);
DataTypePtr date_day_type();
DataTypePtr date_milli_type();
DataTypePtr timestamp_type(TimeUnit unit, std::string timezone);
// The list item field is named "item" unless given (Athena's SDK reads any name).
DataTypePtr list_type(DataTypePtr item, std::string item_name = "item");
DataTypePtr struct_type(std::vector<Field> members);

// Fixed width in bytes of a primitive type's value, 0 for variable or nested types,
// and for Bool (bit-packed).
int fixed_width_bytes(TypeId id);

struct Schema {
  std::vector<Field> fields;
  // Arrow schema-level custom metadata (key/value pairs, order kept).
  std::vector<std::pair<std::string, std::string>> metadata;

  int field_index(const std::string& name) const;  // -1 when absent
  bool equals(const Schema& other) const;
};
using SchemaPtr = std::shared_ptr<const Schema>;

}  // namespace larkbase::columnar
