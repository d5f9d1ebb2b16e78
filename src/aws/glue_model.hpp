#pragma once
// Glue catalog objects as plain values, with a JSON round trip in Glue's own
// wire shape (PascalCase keys), so the same structs serve requests
// (DatabaseInput, TableInput), responses and the emulator's store.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"

namespace larkbase::aws {

using GlueParameters = std::map<std::string, std::string>;

struct GlueColumn {
  std::string name;
  std::string type;
  std::string comment;  // empty: none
  GlueParameters parameters;
  bool operator==(const GlueColumn&) const = default;
};

struct GlueSerDeInfo {
  std::string name;
  std::string serialization_library;
  GlueParameters parameters;
  bool operator==(const GlueSerDeInfo&) const = default;
};

struct GlueStorageDescriptor {
  std::vector<GlueColumn> columns;
  std::string location;
  std::string input_format;
  std::string output_format;
  std::optional<GlueSerDeInfo> serde_info;
  GlueParameters parameters;
  bool operator==(const GlueStorageDescriptor&) const = default;
};

struct GlueDatabase {
  std::string name;
  std::string description;
  std::string location_uri;
  GlueParameters parameters;
  std::string catalog_id;  // responses only
  bool operator==(const GlueDatabase&) const = default;
};

struct GlueTable {
  std::string name;
  std::string database_name;  // responses only
  std::string description;
  std::string owner;
  std::string table_type;
  GlueParameters parameters;
  std::optional<GlueStorageDescriptor> storage_descriptor;
  std::vector<GlueColumn> partition_keys;
  std::string catalog_id;  // responses only
  bool operator==(const GlueTable&) const = default;
};

common::Json to_json(const GlueColumn& column);
common::Json to_json(const GlueStorageDescriptor& descriptor);
common::Json to_json(const GlueDatabase& database);  // all fields set
common::Json to_json(const GlueTable& table);        // all fields set
// DatabaseInput / TableInput: without the response-only fields.
common::Json to_database_input(const GlueDatabase& database);
common::Json to_table_input(const GlueTable& table);

GlueColumn glue_column_from_json(const common::Json& json);
GlueStorageDescriptor glue_storage_descriptor_from_json(const common::Json& json);
GlueDatabase glue_database_from_json(const common::Json& json);
GlueTable glue_table_from_json(const common::Json& json);

}  // namespace larkbase::aws
