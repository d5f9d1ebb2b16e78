#include "emulator/query/field_kind.hpp"

namespace larkbase::emulator::query {

FieldKind field_kind_of(int type) {
  switch (type) {
    case 1:
      return FieldKind::kText;
    case 2:
      return FieldKind::kNumber;
    case 3:
      return FieldKind::kSingleSelect;
    case 4:
      return FieldKind::kMultiSelect;
    case 5:
      return FieldKind::kDateTime;
    case 7:
      return FieldKind::kCheckbox;
    case 11:
      return FieldKind::kUser;
    case 13:
      return FieldKind::kPhone;
    case 15:
      return FieldKind::kUrl;
    case 17:
      return FieldKind::kAttachment;
    case 18:
    case 21:
      return FieldKind::kLink;
    case 19:
      return FieldKind::kLookup;
    case 20:
      return FieldKind::kFormula;
    case 22:
      return FieldKind::kLocation;
    case 23:
      return FieldKind::kGroupChat;
    case 1001:
      return FieldKind::kCreatedTime;
    case 1002:
      return FieldKind::kModifiedTime;
    case 1003:
      return FieldKind::kCreatedUser;
    case 1004:
      return FieldKind::kModifiedUser;
    case 1005:
      return FieldKind::kAutoNumber;
    default:
      return FieldKind::kUnsupported;
  }
}

const char* to_string(FieldKind kind) {
  switch (kind) {
    case FieldKind::kText:
      return "Text";
    case FieldKind::kNumber:
      return "Number";
    case FieldKind::kSingleSelect:
      return "SingleSelect";
    case FieldKind::kMultiSelect:
      return "MultiSelect";
    case FieldKind::kDateTime:
      return "DateTime";
    case FieldKind::kCheckbox:
      return "Checkbox";
    case FieldKind::kUser:
      return "User";
    case FieldKind::kPhone:
      return "Phone";
    case FieldKind::kUrl:
      return "Url";
    case FieldKind::kAttachment:
      return "Attachment";
    case FieldKind::kLink:
      return "Link";
    case FieldKind::kLookup:
      return "Lookup";
    case FieldKind::kFormula:
      return "Formula";
    case FieldKind::kLocation:
      return "Location";
    case FieldKind::kGroupChat:
      return "GroupChat";
    case FieldKind::kCreatedTime:
      return "CreatedTime";
    case FieldKind::kModifiedTime:
      return "ModifiedTime";
    case FieldKind::kCreatedUser:
      return "CreatedUser";
    case FieldKind::kModifiedUser:
      return "ModifiedUser";
    case FieldKind::kAutoNumber:
      return "AutoNumber";
    case FieldKind::kUnsupported:
      return "Unsupported";
  }
  return "Unsupported";
}

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
    info.kind = field_kind_of(info.type);
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
