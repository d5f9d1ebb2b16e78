#pragma once
// MetadataSource over the Lark client: tables, fields (through the
// BitableClient's field cache), base info, record search and Drive listing.
#include "catalog/metadata_source.hpp"
#include "lark/bitable_client.hpp"

namespace larkbase::catalog {

class LarkMetadataSource final : public MetadataSource {
 public:
  explicit LarkMetadataSource(lark::BitableClient& bitable) : bitable_(bitable) {}

  std::vector<lark::TableInfo> list_tables(const std::string& app_token) override;
  std::vector<types::LarkField> list_fields(const std::string& app_token,
                                            const std::string& table_id, bool refresh) override;
  std::optional<std::string> base_name(const std::string& app_token) override;
  std::vector<common::Json> read_records(const std::string& app_token,
                                         const std::string& table_id) override;
  std::vector<lark::DriveFile> list_folder(const std::string& folder_token) override;

 private:
  lark::BitableClient& bitable_;
};

}  // namespace larkbase::catalog
