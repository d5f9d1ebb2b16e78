#include "catalog/drive_folder_provider.hpp"

#include "catalog/name_rules.hpp"

namespace larkbase::catalog {

ProviderResult DriveFolderProvider::list() {
  ProviderResult result;
  for (const auto& file : source_.list_folder(folder_token_)) {
    std::string app_token;
    if (file.type == "bitable") {
      app_token = file.token;
    } else if (file.type == "shortcut" && file.shortcut_target_type == "bitable") {
      app_token = file.shortcut_target_token;
    }
    if (app_token.empty()) continue;  // docs, sheets, folders: not tables
    SchemaEntry entry;
    entry.name = sanitize_object_name(file.name, app_token, "base");
    entry.app_token = app_token;
    entry.origin = describe();
    add_schema(result, std::move(entry));
  }
  return result;
}

}  // namespace larkbase::catalog
