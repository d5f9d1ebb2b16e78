#pragma once
// Values the client returns for tables, fields and Drive files. Fields keep
// their raw JSON too: the type contract (src/types) maps `raw` (type, ui_type,
// property) to column types, and the client should not guess at it.
#include <cstdint>
#include <string>

#include "common/json.hpp"

namespace larkbase::lark {

struct TableInfo {
  std::string table_id;
  std::string name;
  int64_t revision = 0;
};

struct FieldInfo {
  std::string field_id;
  std::string field_name;
  int type = 0;
  std::string ui_type;
  bool is_primary = false;
  bool is_hidden = false;
  common::Json raw;  // the field object exactly as Lark returned it
};

struct DriveFile {
  std::string token;
  std::string name;
  std::string type;  // doc, sheet, bitable, folder, shortcut, ...
  std::string parent_token;
  std::string url;
  std::string created_time;   // seconds since the epoch, as Lark sends it (a string)
  std::string modified_time;  // likewise
  std::string owner_id;
  std::string shortcut_target_type;   // only for type "shortcut"
  std::string shortcut_target_token;  // likewise
};

TableInfo table_from_json(const common::Json& item);
FieldInfo field_from_json(const common::Json& item);
DriveFile drive_file_from_json(const common::Json& item);

common::Json to_json(const TableInfo& table);
common::Json to_json(const DriveFile& file);

}  // namespace larkbase::lark
