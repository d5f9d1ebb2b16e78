#include "emulator/query/field_kind.hpp"

namespace larkbase::emulator::query {

FieldTable::FieldTable(const common::Json& fields) {
  if (!fields.is_array()) return;
  for (const auto& item : fields) {
    if (!item.is_object()) continue;
    auto name = item.find("field_name");
    auto type = item.find("type");
    if (name == item.end() || !name->is_string()) continue;
    FieldInfo info;
    info.name = name->get<std::string>();
    info.type = (type != item.end() && type->is_number_integer()) ? type->get<int>() : 0;
    info.kind = lark::kind_of_type(info.type);
    auto ui = item.find("ui_type");
    if (ui != item.end() && ui->is_string()) info.ui_type = ui->get<std::string>();
    by_name_.emplace(info.name, std::move(info));
  }
}

const FieldInfo* FieldTable::find(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  return it == by_name_.end() ? nullptr : &it->second;
}

}  // namespace larkbase::emulator::query
