#pragma once
// Helpers shared by the types tests: field lists written as list-fields JSON.
#include <string>
#include <vector>

#include "common/json.hpp"
#include "types/lark_field.hpp"

namespace larkbase::types::test {

inline std::vector<LarkField> fields_from(const std::string& items_json) {
  return parse_lark_fields(common::parse_json(items_json, "test fields"), "test fields");
}

// One field object as list-fields returns it.
inline std::string field_json(const std::string& id, const std::string& name, int type,
                              const std::string& ui_type, const std::string& property = "null") {
  return R"({"field_id":")" + id + R"(","field_name":")" + name + R"(","type":)" +
         std::to_string(type) + R"(,"ui_type":")" + ui_type +
         R"(","is_primary":false,"property":)" + property + "}";
}

inline std::string lookup_property(const std::string& table_id, const std::string& field_id) {
  return R"({"target_field":")" + field_id + R"(","filter_info":{"target_table":")" + table_id +
         R"("}})";
}

// One field of every kind from Text to Stage, in Lark's field order, as
// comma-separated list-fields items (no brackets): the tests append the rest.
inline std::string every_kind_field_items() {
  return field_json("fldText", "Title", 1, "Text") + "," +
         field_json("fldBar", "Code", 1, "Barcode") + "," +
         field_json("fldMail", "Email", 1, "Email") + "," +
         field_json("fldPhone", "Phone", 13, "Phone") + "," +
         field_json("fldNum", "Amount", 2, "Number") + "," +
         field_json("fldProg", "Done %", 2, "Progress") + "," +
         field_json("fldCur", "Price", 2, "Currency") + "," +
         field_json("fldRate", "Stars", 2, "Rating") + "," +
         field_json("fldSel", "Status", 3, "SingleSelect") + "," +
         field_json("fldMul", "Tags", 4, "MultiSelect") + "," +
         field_json("fldDate", "Due", 5, "DateTime") + "," +
         field_json("fldCt", "Created", 1001, "CreatedTime") + "," +
         field_json("fldMt", "Modified", 1002, "ModifiedTime") + "," +
         field_json("fldChk", "Done", 7, "Checkbox") + "," +
         field_json("fldUser", "Owner", 11, "User") + "," +
         field_json("fldCu", "Creator", 1003, "CreatedUser") + "," +
         field_json("fldMu", "Modifier", 1004, "ModifiedUser") + "," +
         field_json("fldChat", "Chat", 23, "GroupChat") + "," +
         field_json("fldUrl", "Link", 15, "Url") + "," +
         field_json("fldAtt", "Files", 17, "Attachment") + "," +
         field_json("fldSl", "Parent", 18, "SingleLink") + "," +
         field_json("fldDl", "Related", 21, "DuplexLink") + "," +
         field_json("fldLoc", "Where", 22, "Location") + "," +
         field_json("fldAuto", "Ticket", 1005, "AutoNumber") + "," +
         field_json("fldForm", "Total", 20, "Formula") + "," +
         field_json("fldStage", "Flow", 24, "Stage");
}

}  // namespace larkbase::types::test
