#include "catalog/direct_provider.hpp"

#include <fmt/format.h>

#include "catalog/name_rules.hpp"

namespace larkbase::catalog {

ProviderResult DirectProvider::list() {
  ProviderResult result;
  for (const auto& base : bases_) {
    SchemaEntry entry;
    entry.app_token = base.app_token;
    entry.origin = fmt::format("--base {}", base.app_token);
    if (!base.schema.empty()) {
      entry.name = sanitize_object_name(base.schema, base.app_token, "base");
    } else if (auto name = source_.base_name(base.app_token)) {
      entry.name = sanitize_object_name(*name, base.app_token, "base");
    } else {
      entry.name = sanitize_object_name(base.app_token, base.app_token, "base");
      result.warnings.push_back(fmt::format(
          "the name of base {} is not available, so its schema is named {}: give a name with "
          "--base {}=SCHEMA",
          base.app_token, entry.name, base.app_token));
    }
    add_schema(result, std::move(entry));
  }
  return result;
}

}  // namespace larkbase::catalog
