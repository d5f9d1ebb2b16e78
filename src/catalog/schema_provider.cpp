#include "catalog/schema_provider.hpp"

#include <fmt/format.h>

namespace larkbase::catalog {

void add_schema(ProviderResult& result, SchemaEntry entry) {
  for (const auto& existing : result.schemas) {
    if (existing.name == entry.name) {
      result.warnings.push_back(fmt::format(
          "schema {} (base {}, from {}) is a duplicate of schema {} (base {}, from {}): the "
          "first one is used; rename one of them",
          entry.name, entry.app_token, entry.origin, existing.name, existing.app_token,
          existing.origin));
      return;
    }
  }
  result.schemas.push_back(std::move(entry));
}

}  // namespace larkbase::catalog
