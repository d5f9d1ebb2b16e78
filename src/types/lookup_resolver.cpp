#include "types/lookup_resolver.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <set>

#include "common/error.hpp"

namespace larkbase::types {
namespace {

std::string string_at(const common::Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string first_of(const common::Json& object, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (auto value = string_at(object, key); !value.empty()) return value;
  }
  return {};
}

}  // namespace

const std::vector<LarkField>& InMemoryFieldLists::fields(const std::string& app_token,
                                                         const std::string& table_id) {
  auto it = tables_.find({app_token, table_id});
  if (it == tables_.end()) {
    throw common::UserError(fmt::format("table {} of base {} is not known", table_id, app_token));
  }
  return it->second;
}

LookupTargetRef lookup_target_of(const LarkField& lookup) {
  const common::Json& property = lookup.property;
  LookupTargetRef ref;
  ref.field_id = first_of(property, {"target_field", "target_field_id", "field_id"});
  if (ref.field_id.empty()) return {};
  if (property.is_object()) {
    if (auto it = property.find("filter_info"); it != property.end()) {
      ref.table_id = string_at(*it, "target_table");
    }
  }
  if (ref.table_id.empty()) {
    ref.table_id = first_of(property, {"target_table", "target_table_id", "table_id"});
  }
  return ref;
}

const LarkField* LookupResolver::find_field(const std::string& app_token,
                                            const std::string& table_id,
                                            const std::string& field_id, std::string& reason) {
  const std::vector<LarkField>* fields = nullptr;
  try {
    fields = &provider_.fields(app_token, table_id);
  } catch (const common::Error& error) {
    // An unreadable target table degrades the column to List<Utf8>; it does not fail
    // the whole table's schema.
    reason =
        fmt::format("the field list of table {} could not be read: {}", table_id, error.what());
    return nullptr;
  }
  for (const auto& field : *fields) {
    if (field.field_id == field_id) return &field;
  }
  reason = fmt::format("field {} is not in table {}", field_id, table_id);
  return nullptr;
}

LookupResolution LookupResolver::resolve(const std::string& app_token, const std::string& table_id,
                                         const LarkField& lookup) {
  LookupResolution result;
  std::set<std::pair<std::string, std::string>> visited{{table_id, lookup.field_id}};
  const LarkField* current = &lookup;
  std::string current_table = table_id;
  while (true) {
    LookupTargetRef ref = lookup_target_of(*current);
    if (ref.field_id.empty()) {
      result.reason = fmt::format("lookup field {} names no target field", current->field_id);
      break;
    }
    if (ref.table_id.empty()) ref.table_id = current_table;
    if (result.hops >= max_depth_) {
      result.reason = fmt::format("lookup chain longer than {} hops", max_depth_);
      break;
    }
    if (!visited.insert({ref.table_id, ref.field_id}).second) {
      result.reason =
          fmt::format("lookup cycle through field {} of table {}", ref.field_id, ref.table_id);
      break;
    }
    ++result.hops;
    const LarkField* target = find_field(app_token, ref.table_id, ref.field_id, result.reason);
    if (target == nullptr) break;
    current = target;
    current_table = ref.table_id;
    if (target->kind() != FieldKind::kLookup) {
      result.resolved = true;
      result.target_kind = target->kind();
      result.target_table_id = current_table;
      result.target_field_id = target->field_id;
      return result;
    }
  }
  spdlog::debug("lookup field '{}' of table {} is unresolved ({}); its column is List<Utf8>",
                lookup.field_name, table_id, result.reason);
  return result;
}

}  // namespace larkbase::types
