#pragma once
// All data the emulator serves: Bases with their tables, Drive folders, the
// control table and the advertised Drive folder. Filled through DatasetSink
// (dataset files, demo generator) before the server starts; afterwards the
// set of Bases, tables and Drive files is fixed and only records are added
// (batch_create), under each table's own lock.
#include <map>
#include <memory>
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
  std::map<std::string, std::vector<common::Json>, std::less<>> folders_;
  TableRef control_table_;
  std::string drive_folder_;
};

}  // namespace larkbase::emulator
