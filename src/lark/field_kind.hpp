#pragma once
// The kinds of Lark Base fields (lark-open-api.md §2.3), shared by the type
// contract (src/types), which classifies by ui_type first, and the emulator's
// filter engine, which works on the storage type alone. Lark gives a numeric
// storage `type` and a display `ui_type`; several ui_types share one type
// (Number/Progress/Currency/Rating; Text/Email/Barcode).
#include <cstdint>
#include <string_view>

namespace larkbase::lark {

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
// By the numeric storage type alone: the type's default ui_type (Text for 1,
// Number for 2, SingleLink for 18, DuplexLink for 21, ...); kUnknown otherwise.
FieldKind kind_of_type(int type);

// The canonical ui_type spelling ("Text", "DateTime", ...; "Unknown" for kUnknown).
std::string_view to_string(FieldKind kind);
// Inverse of to_string (exact spelling); kUnknown for anything else.
FieldKind field_kind_from_string(std::string_view name);

// Stage and Button carry no value and are not exposed as columns.
bool is_exposed(FieldKind kind);

}  // namespace larkbase::lark
