#pragma once
// A MetadataSource held in memory that counts its calls, for unit tests of the
// providers, the chain and the caches.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "catalog/metadata_source.hpp"
#include "common/error.hpp"

namespace larkbase::catalog::testing {

class FakeMetadataSource final : public MetadataSource {
 public:
  std::map<std::string, std::vector<lark::TableInfo>> tables;
  std::map<std::pair<std::string, std::string>, std::vector<types::LarkField>> fields;
  std::map<std::string, std::string> base_names;
  std::map<std::pair<std::string, std::string>, std::vector<common::Json>> records;
  std::map<std::string, std::vector<lark::DriveFile>> folders;

  int list_tables_calls = 0;
  int list_fields_calls = 0;
  int refreshed_field_calls = 0;

  std::vector<lark::TableInfo> list_tables(const std::string& app_token) override {
    ++list_tables_calls;
    auto it = tables.find(app_token);
    if (it == tables.end()) throw common::ExternalError("base " + app_token + " not found");
    return it->second;
  }
  std::vector<types::LarkField> list_fields(const std::string& app_token,
                                            const std::string& table_id, bool refresh) override {
    ++list_fields_calls;
    if (refresh) ++refreshed_field_calls;
    return fields.at({app_token, table_id});
  }
  std::optional<std::string> base_name(const std::string& app_token) override {
    auto it = base_names.find(app_token);
    if (it == base_names.end()) return std::nullopt;
    return it->second;
  }
  std::vector<common::Json> read_records(const std::string& app_token,
                                         const std::string& table_id) override {
    return records.at({app_token, table_id});
  }
  std::vector<lark::DriveFile> list_folder(const std::string& folder_token) override {
    return folders.at(folder_token);
  }
};

inline types::LarkField text_field(std::string id, std::string name) {
  types::LarkField field;
  field.field_id = std::move(id);
  field.field_name = std::move(name);
  field.type = 1;
  field.ui_type = "Text";
  return field;
}

inline types::LarkField number_field(std::string id, std::string name) {
  types::LarkField field;
  field.field_id = std::move(id);
  field.field_name = std::move(name);
  field.type = 2;
  field.ui_type = "Number";
  return field;
}

}  // namespace larkbase::catalog::testing
