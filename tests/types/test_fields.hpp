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

}  // namespace larkbase::types::test
