#pragma once
// A table's fields as the engine sees them: each list-fields item reduced to a
// kind and looked up by name once, at compile time. The engine works on Lark's
// storage type alone (Text, Email and Barcode are all type 1 and filter alike),
// so the kind is lark::kind_of_type(type), the type's default ui_type.
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/json.hpp"
#include "lark/field_kind.hpp"

namespace larkbase::emulator::query {

using lark::FieldKind;
using lark::to_string;

inline bool is_link(FieldKind kind) {
  return kind == FieldKind::kSingleLink || kind == FieldKind::kDuplexLink;
}
// Stage, Button and codes the docs do not list: no filter or sort may name them.
inline bool is_unsupported(FieldKind kind) {
  return kind == FieldKind::kStage || kind == FieldKind::kButton || kind == FieldKind::kUnknown;
}

struct FieldInfo {
  std::string name;
  FieldKind kind = FieldKind::kUnknown;
  int type = 0;
  std::string ui_type;
};

// Name -> field, built from a JSON array of list-fields items.
class FieldTable {
 public:
  explicit FieldTable(const common::Json& fields);
  const FieldInfo* find(std::string_view name) const;

 private:
  std::unordered_map<std::string, FieldInfo> by_name_;
};

}  // namespace larkbase::emulator::query
