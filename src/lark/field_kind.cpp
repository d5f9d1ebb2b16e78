#include "lark/field_kind.hpp"

#include <array>
#include <utility>

namespace larkbase::lark {
namespace {

struct KindName {
  FieldKind kind;
  std::string_view name;
};

constexpr std::array<KindName, 29> kKindNames{{
    {FieldKind::kText, "Text"},
    {FieldKind::kBarcode, "Barcode"},
    {FieldKind::kEmail, "Email"},
    {FieldKind::kPhone, "Phone"},
    {FieldKind::kNumber, "Number"},
    {FieldKind::kProgress, "Progress"},
    {FieldKind::kCurrency, "Currency"},
    {FieldKind::kRating, "Rating"},
    {FieldKind::kSingleSelect, "SingleSelect"},
    {FieldKind::kMultiSelect, "MultiSelect"},
    {FieldKind::kDateTime, "DateTime"},
    {FieldKind::kCreatedTime, "CreatedTime"},
    {FieldKind::kModifiedTime, "ModifiedTime"},
    {FieldKind::kCheckbox, "Checkbox"},
    {FieldKind::kUser, "User"},
    {FieldKind::kCreatedUser, "CreatedUser"},
    {FieldKind::kModifiedUser, "ModifiedUser"},
    {FieldKind::kGroupChat, "GroupChat"},
    {FieldKind::kUrl, "Url"},
    {FieldKind::kAttachment, "Attachment"},
    {FieldKind::kSingleLink, "SingleLink"},
    {FieldKind::kDuplexLink, "DuplexLink"},
    {FieldKind::kLocation, "Location"},
    {FieldKind::kAutoNumber, "AutoNumber"},
    {FieldKind::kFormula, "Formula"},
    {FieldKind::kLookup, "Lookup"},
    {FieldKind::kStage, "Stage"},
    {FieldKind::kButton, "Button"},
    {FieldKind::kUnknown, "Unknown"},
}};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? char(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? char(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

}  // namespace

// The default ui_type of each storage type (lark-open-api.md §2.3).
FieldKind kind_of_type(int type) {
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
      return FieldKind::kSingleLink;
    case 19:
      return FieldKind::kLookup;
    case 20:
      return FieldKind::kFormula;
    case 21:
      return FieldKind::kDuplexLink;
    case 22:
      return FieldKind::kLocation;
    case 23:
      return FieldKind::kGroupChat;
    case 24:
      return FieldKind::kStage;
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
    case 3001:
      return FieldKind::kButton;
    default:
      return FieldKind::kUnknown;
  }
}

FieldKind classify_field(int type, std::string_view ui_type) {
  if (!ui_type.empty()) {
    for (const auto& entry : kKindNames) {
      if (entry.kind != FieldKind::kUnknown && iequals(entry.name, ui_type)) return entry.kind;
    }
  }
  return kind_of_type(type);
}

std::string_view to_string(FieldKind kind) {
  for (const auto& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "Unknown";
}

FieldKind field_kind_from_string(std::string_view name) {
  for (const auto& entry : kKindNames) {
    if (entry.name == name) return entry.kind;
  }
  return FieldKind::kUnknown;
}

bool is_exposed(FieldKind kind) { return kind != FieldKind::kStage && kind != FieldKind::kButton; }

}  // namespace larkbase::lark
