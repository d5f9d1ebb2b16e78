#pragma once
// Merges providers in order: the first provider to offer a schema name wins it.
// A later schema with the same name is reported (with both origins), never
// silently shadowed, and never silently renamed (a renamed schema would move
// queries to another base without anyone noticing). A provider that fails
// fails the chain, naming the provider.
#include <memory>
#include <vector>

#include "catalog/schema_provider.hpp"

namespace larkbase::catalog {

class ProviderChain final : public SchemaProvider {
 public:
  explicit ProviderChain(std::vector<std::unique_ptr<SchemaProvider>> providers)
      : providers_(std::move(providers)) {}

  std::string describe() const override;
  ProviderResult list() override;
  size_t size() const { return providers_.size(); }

 private:
  std::vector<std::unique_ptr<SchemaProvider>> providers_;
};

}  // namespace larkbase::catalog
