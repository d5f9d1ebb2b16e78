#pragma once
// The direct flow: bases the user lists (`--base APP_TOKEN[=SCHEMA]`,
// LARK_BASES). The schema is the given name, or the base's name sanitised (the
// sanitised token when Lark does not give the name; reported).
#include <vector>

#include "catalog/metadata_source.hpp"
#include "catalog/schema_provider.hpp"
#include "catalog/source_config.hpp"

namespace larkbase::catalog {

class DirectProvider final : public SchemaProvider {
 public:
  DirectProvider(std::vector<BaseSource> bases, MetadataSource& source)
      : bases_(std::move(bases)), source_(source) {}

  std::string describe() const override { return "direct bases"; }
  ProviderResult list() override;

 private:
  std::vector<BaseSource> bases_;
  MetadataSource& source_;
};

}  // namespace larkbase::catalog
