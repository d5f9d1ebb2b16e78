#include "catalog/provider_chain.hpp"

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/error_context.hpp"

namespace larkbase::catalog {

std::string ProviderChain::describe() const {
  std::string text;
  for (const auto& provider : providers_) {
    if (!text.empty()) text += ", then ";
    text += provider->describe();
  }
  return text.empty() ? "no sources" : text;
}

ProviderResult ProviderChain::list() {
  ProviderResult merged;
  for (const auto& provider : providers_) {
    ProviderResult part;
    try {
      part = provider->list();
    } catch (const common::Error& error) {
      std::string message =
          fmt::format("cannot list the schemas of {}: {}", provider->describe(), error.what());
      std::rethrow_exception(common::same_kind_error(error, message));
    }
    for (auto& warning : part.warnings) merged.warnings.push_back(std::move(warning));
    for (auto& entry : part.schemas) add_schema(merged, std::move(entry));
  }
  return merged;
}

}  // namespace larkbase::catalog
