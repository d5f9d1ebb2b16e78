#pragma once
// Builds a table's field list in the shape GET .../fields returns
// ({field_id, field_name, type, ui_type, property, is_primary, is_hidden, description?}),
// with realistic `property` objects per lark-open-api.md §2.4.
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"

namespace larkbase::emulator::demo {

using common::Json;

// The stable id FieldList gives field `name` of `table_key` in `base_key`, so a
// table can refer to a field of a table not built yet (duplex back links).
std::string field_id_of(std::string_view base_key, std::string_view table_key,
                        std::string_view name);

class FieldList {
 public:
  // Field ids are stable: derived from `base_key/table_key/field name`.
  FieldList(std::string_view base_key, std::string_view table_key);

  // Adds a field and returns its id. The first field added is the primary one.
  std::string add(std::string_view name, int type, std::string_view ui_type, Json property,
                  std::string_view description = {});
  std::string field_id(std::string_view name) const;  // throws InternalError if unknown
  const Json& json() const { return fields_; }

  // Property of a SingleSelect/MultiSelect field named `field_name` in this table.
  Json select_property(std::string_view field_name,
                       const std::vector<std::string_view>& option_names) const;

 private:
  std::string base_key_;
  std::string table_key_;
  Json fields_ = Json::array();
};

Json barcode_property();
Json number_property(std::string_view formatter);
Json currency_property(std::string_view code, std::string_view formatter);
Json progress_property();
Json rating_property(std::string_view symbol, int max);
Json date_property(std::string_view date_formatter, bool auto_fill);
Json people_property(bool multiple);  // User and GroupChat
Json single_link_property(std::string_view table_id, std::string_view table_name, bool multiple);
Json duplex_link_property(std::string_view table_id, std::string_view table_name,
                          std::string_view back_field_id, std::string_view back_field_name);
Json location_property();
Json auto_number_property(std::string_view prefix, int digits);

// Formula property. Lark only documents `type.ui_type` values for numeric and
// date results (Number, Progress, Currency, Rating, DateTime); the reference
// connector reads `property.type.ui_type` to type the column and falls back to Text.
// We therefore always emit `type: {data_type, ui_type, ui_property}` and, for text
// and boolean results, use ui_type "Text" / "Checkbox" with data_type 1 / 7, so a
// reader that follows the connector gets the right column type for all four.
Json formula_property(std::string_view expression, std::string_view formatter, int data_type,
                      std::string_view ui_type, Json ui_property);

// Lookup property (undocumented by Lark; this is the third-party captured shape):
// {target_field, formatter, filter_info: {target_table, conditions}} — enough to
// resolve the lookup through the target table's own field list.
Json lookup_property(std::string_view target_table, std::string_view target_field,
                     std::string_view formatter);

}  // namespace larkbase::emulator::demo
