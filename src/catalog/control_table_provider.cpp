#include "catalog/control_table_provider.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "catalog/name_rules.hpp"
#include "types/column_name.hpp"

namespace larkbase::catalog {
namespace {

// The record's cells keyed by sanitised column name (first key wins).
std::map<std::string, std::string> row_cells(const common::Json& fields) {
  std::map<std::string, std::string> cells;
  for (const auto& [key, value] : fields.items()) {
    cells.emplace(types::sanitize_column_name(key, ""), cell_text(value));
  }
  return cells;
}

std::set<std::string> id_set(const std::map<std::string, std::string>& cells, const char* key) {
  auto it = cells.find(key);
  if (it == cells.end()) return {};
  auto ids = split_list(it->second);
  return {ids.begin(), ids.end()};
}

}  // namespace

std::string cell_text(const common::Json& cell) {
  if (cell.is_string()) return cell.get<std::string>();
  if (cell.is_number_integer()) return std::to_string(cell.get<int64_t>());
  if (cell.is_number()) return fmt::format("{}", cell.get<double>());
  if (cell.is_boolean()) return cell.get<bool>() ? "true" : "false";
  if (cell.is_object()) {
    if (cell.contains("value")) return cell_text(cell["value"]);
    if (cell.contains("text")) return cell_text(cell["text"]);
    return "";
  }
  if (cell.is_array()) {
    std::string text;
    for (const auto& item : cell) text += cell_text(item);
    return text;
  }
  return "";
}

std::string ControlTableProvider::describe() const {
  return fmt::format("control table {} of base {}", table_.table_id, table_.app_token);
}

ProviderResult ControlTableProvider::list() {
  ProviderResult result;
  auto records = source_.read_records(table_.app_token, table_.table_id);
  for (size_t row = 0; row < records.size(); ++row) {
    auto cells = row_cells(records[row]);
    std::string id = cells["id"];
    std::string name = cells["name"];
    id.erase(0, id.find_first_not_of(" \t"));
    id.erase(id.find_last_not_of(" \t") + 1);
    if (id.empty() || name.empty()) {
      result.warnings.push_back(fmt::format(
          "row {} of {} is skipped: it needs both an `id` (base token) and a `name` (schema)",
          row + 1, describe()));
      continue;
    }
    SchemaEntry entry;
    entry.name = sanitize_object_name(name, id, "base");
    entry.app_token = id;
    entry.origin = describe();
    entry.whitelist_tables = id_set(cells, "whitelist_tables");
    entry.blacklist_tables = id_set(cells, "blacklist_tables");
    add_schema(result, std::move(entry));
  }
  return result;
}

}  // namespace larkbase::catalog
