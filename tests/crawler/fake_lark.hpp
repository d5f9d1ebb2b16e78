#pragma once
// An in-memory Lark for crawler unit tests: bases, tables, fields and control
// table rows, with failures injectable per table, and call counts.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "catalog/metadata_source.hpp"
#include "common/error.hpp"

namespace larkbase::crawler::testing {

class FakeLark final : public catalog::MetadataSource {
 public:
  std::map<std::string, std::vector<lark::TableInfo>> tables;
  std::map<std::pair<std::string, std::string>, std::vector<types::LarkField>> fields;
  std::map<std::pair<std::string, std::string>, std::vector<common::Json>> records;
  std::map<std::string, std::vector<lark::DriveFile>> folders;
  std::set<std::string> failing_tables;  // list_fields throws a retryable ExternalError
  std::set<std::string> failing_bases;   // list_tables throws
  int list_fields_calls = 0;

  std::vector<lark::TableInfo> list_tables(const std::string& app_token) override {
    if (failing_bases.count(app_token) != 0 || tables.count(app_token) == 0) {
      throw common::ExternalError("Lark: HTTP 500 listing the tables of base " + app_token, true);
    }
    return tables.at(app_token);
  }
  std::vector<types::LarkField> list_fields(const std::string& app_token,
                                            const std::string& table_id, bool) override {
    ++list_fields_calls;
    if (failing_tables.count(table_id) != 0) {
      throw common::ExternalError("Lark: HTTP 500 listing the fields of table " + table_id, true);
    }
    auto it = fields.find({app_token, table_id});
    if (it == fields.end()) throw common::ExternalError("no table " + table_id);
    return it->second;
  }
  std::optional<std::string> base_name(const std::string&) override { return std::nullopt; }
  std::vector<common::Json> read_records(const std::string& app_token,
                                         const std::string& table_id) override {
    return records.at({app_token, table_id});
  }
  std::vector<lark::DriveFile> list_folder(const std::string& folder_token) override {
    return folders.at(folder_token);
  }

  void add_control_row(const std::string& schema, const std::string& base) {
    records[{"appCtl", "tblCtl"}].push_back(common::Json{{"name", schema}, {"id", base}});
  }
};

inline types::LarkField field(std::string id, std::string name, int type, std::string ui_type,
                              common::Json property = nullptr) {
  types::LarkField f;
  f.field_id = std::move(id);
  f.field_name = std::move(name);
  f.type = type;
  f.ui_type = std::move(ui_type);
  f.property = std::move(property);
  return f;
}

}  // namespace larkbase::crawler::testing
