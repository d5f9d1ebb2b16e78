#pragma once
// A Lark nested value reaches SQLite as JSON text (docs/sql.md); for Arrow output
// it is turned back into the column's nested type (List, Struct, and their items).
#include <string_view>

#include "columnar/builder.hpp"
#include "common/json.hpp"

namespace larkbase::cli {

// Appends `value` to `builder` under the builder's type: null → NULL; a List from
// an array; a Struct from an object (members by name, a missing one NULL); scalars
// by their JSON kind. Throws InternalError when the value has another shape.
void append_json_value(columnar::ArrayBuilder& builder, const common::Json& value);

// The same for JSON text (`what` names the column in errors).
void append_json_text(columnar::ArrayBuilder& builder, std::string_view text,
                      std::string_view what);

}  // namespace larkbase::cli
