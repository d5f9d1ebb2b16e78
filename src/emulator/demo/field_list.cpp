#include "emulator/demo/field_list.hpp"

#include "common/error.hpp"
#include "emulator/demo/ids.hpp"

namespace larkbase::emulator::demo {

std::string field_id_of(std::string_view base_key, std::string_view table_key,
                        std::string_view name) {
  return stable_id(
      "fld", std::string(base_key) + "/" + std::string(table_key) + "/" + std::string(name), 7);
}

FieldList::FieldList(std::string_view base_key, std::string_view table_key)
    : base_key_(base_key), table_key_(table_key) {}

std::string FieldList::add(std::string_view name, int type, std::string_view ui_type, Json property,
                           std::string_view description) {
  std::string id = field_id_of(base_key_, table_key_, name);
  Json field = {{"field_id", id},
                {"field_name", name},
                {"type", type},
                {"ui_type", ui_type},
                {"property", std::move(property)},
                {"is_primary", fields_.empty()},
                {"is_hidden", false}};
  if (!description.empty()) field["description"] = description;
  fields_.push_back(std::move(field));
  return id;
}

std::string FieldList::field_id(std::string_view name) const {
  for (const Json& field : fields_) {
    if (field.at("field_name").get<std::string>() == name) return field.at("field_id");
  }
  throw common::InternalError("demo dataset: no field named '" + std::string(name) + "' in table " +
                              table_key_ + " of base " + base_key_);
}

Json FieldList::select_property(std::string_view field_name,
                                const std::vector<std::string_view>& option_names) const {
  Json options = Json::array();
  int color = 0;
  for (std::string_view option : option_names) {
    const std::string key =
        field_id_of(base_key_, table_key_, field_name) + "#" + std::string(option);
    options.push_back({{"id", stable_id("opt", key, 7)}, {"name", option}, {"color", color}});
    color = (color + 7) % 55;  // spread over Lark's 0..54 palette
  }
  return Json{{"options", std::move(options)}};
}

Json barcode_property() { return {{"allowed_edit_modes", {{"manual", true}, {"scan", true}}}}; }

Json number_property(std::string_view formatter) { return {{"formatter", formatter}}; }

Json currency_property(std::string_view code, std::string_view formatter) {
  return {{"currency_code", code}, {"formatter", formatter}};
}

Json progress_property() {
  return {{"formatter", "0%"}, {"min", 0}, {"max", 1}, {"range_customize", false}};
}

Json rating_property(std::string_view symbol, int max) {
  return {{"formatter", "0"}, {"min", 1}, {"max", max}, {"rating", {{"symbol", symbol}}}};
}

Json date_property(std::string_view date_formatter, bool auto_fill) {
  return {{"date_formatter", date_formatter}, {"auto_fill", auto_fill}};
}

Json people_property(bool multiple) { return {{"multiple", multiple}}; }

Json single_link_property(std::string_view table_id, std::string_view table_name, bool multiple) {
  return {{"table_id", table_id}, {"table_name", table_name}, {"multiple", multiple}};
}

Json duplex_link_property(std::string_view table_id, std::string_view table_name,
                          std::string_view back_field_id, std::string_view back_field_name) {
  return {{"table_id", table_id},
          {"table_name", table_name},
          {"back_field_id", back_field_id},
          {"back_field_name", back_field_name},
          {"multiple", true}};
}

Json location_property() { return {{"location", {{"input_type", "not_limit"}}}}; }

Json auto_number_property(std::string_view prefix, int digits) {
  Json options = Json::array({{{"type", "fixed_text"}, {"value", prefix}},
                              {{"type", "system_number"}, {"value", std::to_string(digits)}}});
  return {{"auto_serial", {{"type", "custom"}, {"options", std::move(options)}}}};
}

Json formula_property(std::string_view expression, std::string_view formatter, int data_type,
                      std::string_view ui_type, Json ui_property) {
  return {
      {"formatter", formatter},
      {"formula_expression", expression},
      {"type",
       {{"data_type", data_type}, {"ui_type", ui_type}, {"ui_property", std::move(ui_property)}}}};
}

Json lookup_property(std::string_view target_table, std::string_view target_field,
                     std::string_view formatter) {
  return {{"target_field", target_field},
          {"formatter", formatter},
          {"filter_info",
           {{"target_table", target_table},
            {"conditions", {{"conjunction", "and"}, {"children", Json::array()}}}}}};
}

}  // namespace larkbase::emulator::demo
