#pragma once
// The emulator's data comes from a dataset: bases, tables (fields in the shape
// list-fields returns), records (in the shape records/search returns, plus the
// automatic fields), Drive folders, and the control table. Both the dataset file
// reader and the demo generator feed a DatasetSink, so the store does not care
// where data comes from and large generated tables never exist as one document.
#include <string>

#include "common/json.hpp"

namespace larkbase::emulator {

class DatasetSink {
 public:
  virtual ~DatasetSink() = default;

  virtual void add_base(const std::string& app_token, const std::string& name) = 0;

  // `fields`: a JSON array of field objects exactly as GET .../fields returns them
  // ({field_id, field_name, type, ui_type, property, is_primary, is_hidden, description}).
  virtual void add_table(const std::string& app_token, const std::string& table_id,
                         const std::string& name, const common::Json& fields) = 0;

  // `record`: {"record_id", "fields": {<field name>: <value as search returns it>},
  //            "created_time", "last_modified_time", "created_by", "last_modified_by"}.
  // Absent keys in "fields" are empty cells.
  virtual void add_record(const std::string& app_token, const std::string& table_id,
                          common::Json record) = 0;

  // `file`: a Drive file object as GET /drive/v1/files returns it
  // ({token, name, type, parent_token, url, created_time, modified_time, owner_id,
  //   shortcut_info?}); `folder_token` is the folder that lists it.
  virtual void add_drive_file(const std::string& folder_token, const common::Json& file) = 0;

  // The Lark "control table" (schema name -> base token rows) and the Drive folder
  // that the handshake advertises.
  virtual void set_control_table(const std::string& app_token, const std::string& table_id) = 0;
  virtual void set_drive_folder(const std::string& folder_token) = 0;
};

}  // namespace larkbase::emulator
