#pragma once
// A DatasetSink that keeps everything it receives, for inspecting the demo data.
#include <map>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "emulator/dataset.hpp"

namespace larkbase::emulator::demo::testing {

using common::Json;

struct RecordedTable {
  std::string app_token;
  std::string table_id;
  std::string name;
  Json fields;
  std::vector<Json> records;

  const Json* field(const std::string& field_name) const {
    for (const Json& f : fields) {
      if (f.at("field_name") == field_name) return &f;
    }
    return nullptr;
  }
};

class RecordingSink : public DatasetSink {
 public:
  void add_base(const std::string& app_token, const std::string& name) override {
    bases[app_token] = name;
    transcript.push_back("base " + app_token + " " + name);
  }
  void add_table(const std::string& app_token, const std::string& table_id, const std::string& name,
                 const Json& fields) override {
    tables.push_back({app_token, table_id, name, fields, {}});
    transcript.push_back("table " + app_token + " " + table_id + " " + name + " " + fields.dump());
  }
  void add_record(const std::string& app_token, const std::string& table_id, Json record) override {
    transcript.push_back("record " + table_id + " " + record.dump());
    table(app_token, table_id).records.push_back(std::move(record));
  }
  void add_drive_file(const std::string& folder_token, const Json& file) override {
    drive[folder_token].push_back(file);
    transcript.push_back("file " + folder_token + " " + file.dump());
  }
  void set_control_table(const std::string& app_token, const std::string& table_id) override {
    control_app = app_token;
    control_table = table_id;
  }
  void set_drive_folder(const std::string& folder_token) override { drive_folder = folder_token; }

  RecordedTable& table(const std::string& app_token, const std::string& table_id) {
    for (RecordedTable& t : tables) {
      if (t.app_token == app_token && t.table_id == table_id) return t;
    }
    throw std::runtime_error("record for a table that was never added: " + table_id);
  }
  const RecordedTable& table_named(const std::string& base_name, const std::string& name) const {
    for (const RecordedTable& t : tables) {
      if (t.name == name && bases.at(t.app_token) == base_name) return t;
    }
    throw std::runtime_error("no table " + base_name + "/" + name);
  }
  const RecordedTable* table_by_id(const std::string& table_id) const {
    for (const RecordedTable& t : tables) {
      if (t.table_id == table_id) return &t;
    }
    return nullptr;
  }

  std::map<std::string, std::string> bases;  // app_token -> name
  std::vector<RecordedTable> tables;
  std::map<std::string, std::vector<Json>> drive;
  std::string control_app;
  std::string control_table;
  std::string drive_folder;
  std::vector<std::string> transcript;
};

}  // namespace larkbase::emulator::demo::testing
