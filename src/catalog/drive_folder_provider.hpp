#pragma once
// Seed "Flow 3": the bitables directly in a Lark Drive folder (flat, like the
// reference connector: sub-folders are not descended into). A `bitable` file or
// a shortcut to one is a schema named after the sanitised file name.
#include "catalog/metadata_source.hpp"
#include "catalog/schema_provider.hpp"

namespace larkbase::catalog {

class DriveFolderProvider final : public SchemaProvider {
 public:
  DriveFolderProvider(std::string folder_token, MetadataSource& source)
      : folder_token_(std::move(folder_token)), source_(source) {}

  std::string describe() const override { return "Drive folder " + folder_token_; }
  ProviderResult list() override;

 private:
  std::string folder_token_;
  MetadataSource& source_;
};

}  // namespace larkbase::catalog
