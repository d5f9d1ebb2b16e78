#include "catalog/provider_chain.hpp"

#include <fmt/format.h>

#include "common/error.hpp"

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
      if (error.kind() == common::ErrorKind::kUser) throw common::UserError(message);
      if (error.kind() == common::ErrorKind::kInternal) throw common::InternalError(message);
      throw common::ExternalError(message, error.retryable());
    }
    for (auto& warning : part.warnings) merged.warnings.push_back(std::move(warning));
    for (auto& entry : part.schemas) add_schema(merged, std::move(entry));
  }
  return merged;
}

}  // namespace larkbase::catalog
