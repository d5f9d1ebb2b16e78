#pragma once
// A Lark Base field as list-fields returns it (lark-open-api.md §2.2), reduced to
// what the type contract needs. `property` stays raw JSON: its shape depends on
// the type and is partly undocumented (lookups), so it is read where it is used.
#include <string>
#include <vector>

#include "common/json.hpp"
#include "types/field_kind.hpp"

namespace larkbase::types {

struct LarkField {
  std::string field_id;
  std::string field_name;
  int type = 0;
  std::string ui_type;
  common::Json property;  // null when Lark gives none
  bool is_primary = false;

  FieldKind kind() const { return classify_field(type, ui_type); }
};

// Parses the `items` array of a list-fields response (one or several pages joined).
// Throws ExternalError naming `what` when an item lacks field_id or field_name.
std::vector<LarkField> parse_lark_fields(const common::Json& items, std::string_view what);

common::Json to_json(const LarkField& field);

}  // namespace larkbase::types
