#pragma once
// A small TableSchema built through the real type contract, for unit tests.
#include "types/lookup_resolver.hpp"
#include "types/table_schema.hpp"

namespace larkbase::connector::testing {

inline types::LarkField lark_field(std::string id, std::string name, int type,
                                   std::string ui_type) {
  types::LarkField field;
  field.field_id = std::move(id);
  field.field_name = std::move(name);
  field.type = type;
  field.ui_type = std::move(ui_type);
  return field;
}

// Columns: name (Text), amount (Number), done (Checkbox), tags (MultiSelect),
// total (Formula), then the reserved columns.
inline types::TableSchema test_table() {
  std::vector<types::LarkField> fields = {
      lark_field("fld1", "Name", 1, "Text"), lark_field("fld2", "Amount", 2, "Number"),
      lark_field("fld3", "Done", 7, "Checkbox"), lark_field("fld4", "Tags", 4, "MultiSelect"),
      lark_field("fld5", "Total", 20, "Formula")};
  types::InMemoryFieldLists lists;
  lists.add("appT", "tblT", fields);
  types::LookupResolver resolver(lists);
  return types::build_table_schema("appT", "tblT", fields, resolver);
}

}  // namespace larkbase::connector::testing
