#pragma once
// The columns of one Lark table under the type contract: one column per exposed Lark
// field in Lark's field order, then the reserved columns. Each column keeps its Lark
// field (id, original name, type) so filters and sorts can use the Lark names.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "columnar/data_type.hpp"
#include "common/json.hpp"
#include "types/lark_field.hpp"
#include "types/lookup_resolver.hpp"

namespace larkbase::types {

enum class ColumnRole {
  kField,     // an ordinary Lark field
  kRecordId,  // $reserved_record_id
  kTableId,   // $reserved_table_id
  kBaseId,    // $reserved_base_id
  kSplitKey,  // $reserved_split_key: a Lark Number/AutoNumber field read as Int64
};

std::string_view to_string(ColumnRole role);

struct Column {
  std::string name;  // the sanitised column name (== field.name)
  columnar::Field field;
  std::string glue_type;
  ColumnRole role = ColumnRole::kField;
  // The Lark field behind kField and kSplitKey columns.
  FieldKind kind = FieldKind::kUnknown;
  FieldKind lookup_target = FieldKind::kUnknown;  // kLookup: final target (kUnknown: unresolved)
  std::string lark_field_id;
  std::string lark_field_name;
  int lark_type = 0;
  std::string lark_ui_type;
  // An AutoNumber whose format has digits only (auto_serial "auto_increment_number",
  // or "custom" made of system_number parts): every value Lark writes is an integer,
  // so a numeric filter on it is a superset (a scan may be cut on it).
  bool integer_auto_number = false;

  bool has_lark_field() const {
    return role == ColumnRole::kField || role == ColumnRole::kSplitKey;
  }
};

class TableSchema {
 public:
  TableSchema() = default;
  TableSchema(std::string app_token, std::string table_id, std::vector<Column> columns);

  const std::string& app_token() const { return app_token_; }
  const std::string& table_id() const { return table_id_; }
  const std::vector<Column>& columns() const { return columns_; }

  // -1 / nullptr when there is no such column.
  int index_of(std::string_view column_name) const;
  const Column* find(std::string_view column_name) const;
  // The column of a Lark field by its original name.
  const Column* find_by_lark_name(std::string_view lark_field_name) const;
  bool has_split_key() const { return find(kSplitKeyName) != nullptr; }

  columnar::Schema arrow_schema() const;

 private:
  static constexpr std::string_view kSplitKeyName = "$reserved_split_key";

  std::string app_token_;
  std::string table_id_;
  std::vector<Column> columns_;
  std::unordered_map<std::string, size_t> by_name_;
};

// Maps a table's Lark fields to columns (types.md): names sanitised and made unique
// in Lark's field order, Stage/Button dropped, lookups resolved through `resolver`,
// reserved columns appended. A Number or AutoNumber field named $reserved_split_key
// becomes the Int64 split key column (placed last, after $reserved_base_id); any other
// field whose name is a reserved column name gets `_1`.
TableSchema build_table_schema(const std::string& app_token, const std::string& table_id,
                               const std::vector<LarkField>& fields, LookupResolver& resolver);

common::Json to_json(const TableSchema& schema);
// Throws UserError when the JSON is not a schema to_json produced.
TableSchema table_schema_from_json(const common::Json& json);

}  // namespace larkbase::types
