#pragma once
// What the catalog reads from Lark, behind an interface so that the providers,
// the provider chain and the caches can be tested with fakes (and counted).
// LarkMetadataSource is the real one.
#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "lark/model.hpp"
#include "types/lark_field.hpp"

namespace larkbase::catalog {

class MetadataSource {
 public:
  virtual ~MetadataSource() = default;

  // Every table of a base, in Lark's order.
  virtual std::vector<lark::TableInfo> list_tables(const std::string& app_token) = 0;
  // Every field of a table, in Lark's order. `refresh`: do not serve a cached list.
  virtual std::vector<types::LarkField> list_fields(const std::string& app_token,
                                                    const std::string& table_id, bool refresh) = 0;
  // The base's display name, or nullopt when Lark does not say (the caller
  // then names the schema after the token and reports it).
  virtual std::optional<std::string> base_name(const std::string& app_token) = 0;
  // The `fields` object of every record of a table (all pages).
  virtual std::vector<common::Json> read_records(const std::string& app_token,
                                                 const std::string& table_id) = 0;
  // The files directly in a Drive folder.
  virtual std::vector<lark::DriveFile> list_folder(const std::string& folder_token) = 0;
};

}  // namespace larkbase::catalog
