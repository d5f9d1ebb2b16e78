#include "catalog/name_rules.hpp"

#include <fmt/format.h>

#include "types/column_name.hpp"

namespace larkbase::catalog {
namespace {

std::string fallback(std::string_view id, std::string_view kind) {
  std::string name(kind);
  name.push_back('_');
  for (char c : id) {
    char l = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (!keep && name.back() == '_') continue;
    name.push_back(keep ? l : '_');
  }
  return name;
}

}  // namespace

std::string sanitize_object_name(std::string_view lark_name, std::string_view id,
                                 std::string_view kind) {
  // The column sanitiser falls back to field_<id> for names it cannot keep;
  // two different ids reveal whether the fallback was taken.
  std::string a = types::sanitize_column_name(lark_name, "a");
  std::string b = types::sanitize_column_name(lark_name, "b");
  if (a != b) return fallback(id, kind);
  // Reserved column names are kept verbatim by the column sanitiser; they mean
  // nothing for schemas and tables, so their `$` is replaced like any other.
  if (types::is_reserved_column_name(a)) a.front() = '_';
  return a;
}

NamingResult assign_names(const std::vector<NamingInput>& inputs, std::string_view kind,
                          std::string_view scope) {
  NamingResult result;
  types::ColumnNamer namer;
  for (const auto& input : inputs) {
    std::string base = sanitize_object_name(input.lark_name, input.id, kind);
    std::string name = namer.assign(base);
    if (name != base) {
      result.warnings.push_back(
          fmt::format("{} '{}' ({}) in {} is named {}: the name {} is taken by an earlier {}", kind,
                      input.lark_name, input.id, scope, name, base, kind));
    }
    result.names.push_back(std::move(name));
  }
  return result;
}

}  // namespace larkbase::catalog
