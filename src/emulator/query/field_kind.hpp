#pragma once
// A table's fields as the engine sees them: each list-fields item reduced to a
// kind (type code + ui_type) and looked up by name once, at compile time.
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/json.hpp"

namespace larkbase::emulator::query {

enum class FieldKind {
  kText,          // type 1 (Text, Email, Barcode): segment array
  kNumber,        // type 2 (Number, Currency, Progress, Rating)
  kSingleSelect,  // 3
  kMultiSelect,   // 4
  kDateTime,      // 5
  kCheckbox,      // 7
  kUser,          // 11
  kPhone,         // 13
  kUrl,           // 15
  kAttachment,    // 17
  kLink,          // 18 SingleLink, 21 DuplexLink
  kLookup,        // 19
  kFormula,       // 20
  kLocation,      // 22
  kGroupChat,     // 23
  kCreatedTime,   // 1001
  kModifiedTime,  // 1002
  kCreatedUser,   // 1003
  kModifiedUser,  // 1004
  kAutoNumber,    // 1005
  kUnsupported,   // 24 Stage, 3001 Button, codes the docs do not list
};

FieldKind field_kind_of(int type);
const char* to_string(FieldKind kind);

struct FieldInfo {
  std::string name;
  FieldKind kind = FieldKind::kUnsupported;
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
