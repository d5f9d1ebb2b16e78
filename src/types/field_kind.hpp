#pragma once
// The kinds of Lark Base fields the type contract distinguishes (types.md). Lark
// gives a numeric storage `type` and a display `ui_type`; several ui_types share
// one type (Number/Progress/Currency/Rating), so the ui_type decides first.
#include <cstdint>
#include <string_view>

namespace larkbase::types {

enum class FieldKind {
  kText,
  kBarcode,
  kEmail,
  kPhone,
  kNumber,
  kProgress,
  kCurrency,
  kRating,
  kSingleSelect,
  kMultiSelect,
  kDateTime,
  kCreatedTime,
  kModifiedTime,
  kCheckbox,
  kUser,
  kCreatedUser,
  kModifiedUser,
  kGroupChat,
  kUrl,
  kAttachment,
  kSingleLink,
  kDuplexLink,
  kLocation,
  kAutoNumber,
  kFormula,
  kLookup,
  kStage,
  kButton,
  kUnknown,
};

// ui_type (case-insensitive) first, then the numeric type; anything else is kUnknown.
FieldKind classify_field(int type, std::string_view ui_type);

// The canonical ui_type spelling ("Text", "DateTime", ...; "Unknown" for kUnknown).
std::string_view to_string(FieldKind kind);
// Inverse of to_string (exact spelling); kUnknown for anything else.
FieldKind field_kind_from_string(std::string_view name);

// Stage and Button carry no value and are not exposed as columns.
bool is_exposed(FieldKind kind);

}  // namespace larkbase::types
