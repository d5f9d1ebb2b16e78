#pragma once
// All data the emulator serves: Bases with their tables, Drive folders, the
// control table and the advertised Drive folder. Filled through DatasetSink
// (dataset files, demo generator) before the server starts. Afterwards the set
// of Bases and Drive files is fixed; records are added (batch_create) under
// each table's own lock, and tables and fields change (the Bitable schema
// routes) under the schema lock: every request holds it shared, a schema change
// exclusively. A deleted table is retired, not freed, so a response still being
// written from it stays valid.
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "emulator/dataset.hpp"
#include "emulator/table.hpp"

namespace larkbase::emulator {

struct Base {
  std::string app_token;
  std::string name;
  std::vector<std::unique_ptr<Table>> tables;
};

struct TableRef {
  std::string app_token;
  std::string table_id;
};

// A Lark-style object id: `prefix` and `length` random letters and digits
// ("tbl" + 13 for tables, "fld" + 10 for fields, "rec" + 10 for records).
std::string new_object_id(std::string_view prefix, int length);

class Store : public DatasetSink {
 public:
  void add_base(const std::string& app_token, const std::string& name) override;
  void add_table(const std::string& app_token, const std::string& table_id, const std::string& name,
                 const common::Json& fields) override;
  void add_record(const std::string& app_token, const std::string& table_id,
                  common::Json record) override;
  void add_drive_file(const std::string& folder_token, const common::Json& file) override;
  void set_control_table(const std::string& app_token, const std::string& table_id) override;
  void set_drive_folder(const std::string& folder_token) override;

  // Schema changes; the caller holds schema_lock() exclusively.
  Table& create_table(const std::string& app_token, const std::string& name, common::Json fields);
  void delete_table(const std::string& app_token, const std::string& table_id);

  std::shared_lock<std::shared_mutex> schema_read_lock() const {
    return std::shared_lock(schema_mutex_);
  }
  std::unique_lock<std::shared_mutex> schema_lock() const {
    return std::unique_lock(schema_mutex_);
  }

  const std::vector<std::unique_ptr<Base>>& bases() const { return bases_; }
  const Base* find_base(std::string_view app_token) const;
  Table* find_table(const Base& base, std::string_view table_id) const;
  // Files listed by `folder_token`, or nullptr when no such folder exists.
  const std::vector<common::Json>* find_folder(std::string_view folder_token) const;
  const std::map<std::string, std::vector<common::Json>, std::less<>>& folders() const {
    return folders_;
  }
  const TableRef& control_table() const { return control_table_; }
  const std::string& drive_folder() const { return drive_folder_; }

 private:
  Base* find_base_mutable(std::string_view app_token);

  std::vector<std::unique_ptr<Base>> bases_;
  std::vector<std::unique_ptr<Table>> retired_;  // deleted tables, kept alive
  mutable std::shared_mutex schema_mutex_;
  std::map<std::string, std::vector<common::Json>, std::less<>> folders_;
  TableRef control_table_;
  std::string drive_folder_;
};

}  // namespace larkbase::emulator
