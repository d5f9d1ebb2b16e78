#include "value_shapes.hpp"

#include <cstdlib>
#include <functional>
#include <map>
#include <string_view>

namespace larkbase::emulator::demo::testing {
namespace {

using common::Json;

// std::regex is avoided: GCC 12 with sanitizers warns inside <regex> (-Werror).
bool is_decimal(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "0" : text.substr(dot + 1);
  auto digits = [](std::string_view part) {
    return !part.empty() && part.find_first_not_of("0123456789") == std::string_view::npos;
  };
  return digits(whole) && digits(fraction);
}

// Lark phone values match (\+)?\d* and are at most 64 characters.
bool is_phone(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  return !text.empty() && text.size() < 64 &&
         text.find_first_not_of("0123456789") == std::string_view::npos;
}

bool is_string_key(const Json& object, const char* key) {
  return object.contains(key) && object.at(key).is_string();
}

bool is_segment(const Json& s) {
  if (!s.is_object() || !is_string_key(s, "type") || !is_string_key(s, "text")) return false;
  const std::string type = s.at("type");
  if (type == "text") return true;
  if (type == "url") return is_string_key(s, "link");
  if (type == "mention") {
    return is_string_key(s, "token") && is_string_key(s, "mentionType") &&
           s.contains("mentionNotify") && s.at("mentionNotify").is_boolean();
  }
  return false;
}

bool all_of(const Json& value, const std::function<bool(const Json&)>& check) {
  if (!value.is_array()) return false;
  for (const Json& item : value) {
    if (!check(item)) return false;
  }
  return true;
}

bool is_option(const Json& field, const Json& value) {
  if (!value.is_string()) return false;
  for (const Json& option : field.at("property").at("options")) {
    if (option.at("name") == value) return true;
  }
  return false;
}

bool is_chat(const Json& v) {
  return v.is_object() && is_string_key(v, "id") &&
         v.at("id").get<std::string>().rfind("oc_", 0) == 0 && is_string_key(v, "name") &&
         is_string_key(v, "avatar_url");
}

bool is_attachment(const Json& v) {
  return v.is_object() && is_string_key(v, "file_token") && is_string_key(v, "name") &&
         is_string_key(v, "type") && v.contains("size") && v.at("size").is_number_integer() &&
         is_string_key(v, "url") && is_string_key(v, "tmp_url");
}

bool is_location(const Json& v) {
  if (!v.is_object()) return false;
  for (const char* key :
       {"location", "pname", "cityname", "adname", "address", "name", "full_address"}) {
    if (!is_string_key(v, key)) return false;
  }
  const std::string& lng_lat = v.at("location").get_ref<const std::string&>();
  const size_t comma = lng_lat.find(',');
  return comma != std::string::npos && is_decimal(std::string_view(lng_lat).substr(0, comma)) &&
         is_decimal(std::string_view(lng_lat).substr(comma + 1));
}

bool is_link(const Json& v) {
  return v.is_object() && v.size() == 1 && v.contains("link_record_ids") &&
         all_of(v.at("link_record_ids"), [](const Json& id) {
           return id.is_string() && id.get<std::string>().rfind("rec", 0) == 0;
         });
}

// Items of a formula/lookup value list by the base type in "type".
bool is_wrapped_item(int type, const Json& item) {
  switch (type) {
    case 1:
      return is_segment(item);
    case 2:
      return item.is_number();
    case 5:
      return item.is_number_integer();
    case 7:
      return item.is_boolean();
    default:
      return false;
  }
}

bool is_wrapped(const Json& v) {
  if (!v.is_object() || v.size() != 2 || !v.contains("type") || !v.at("type").is_number_integer() ||
      !v.contains("value") || !v.at("value").is_array()) {
    return false;
  }
  const int type = v.at("type");
  return all_of(v.at("value"), [type](const Json& item) { return is_wrapped_item(type, item); });
}

}  // namespace

bool is_person(const Json& v) {
  return v.is_object() && is_string_key(v, "id") &&
         v.at("id").get<std::string>().rfind("ou_", 0) == 0 && is_string_key(v, "name") &&
         is_string_key(v, "en_name") && is_string_key(v, "email") && is_string_key(v, "avatar_url");
}

std::string shape_problem(const Json& field, const Json& value) {
  const std::string ui_type = field.at("ui_type");
  bool ok = false;
  if (ui_type == "Text") {
    ok = all_of(value, is_segment) && !value.empty();
  } else if (ui_type == "Barcode") {
    ok = value.is_array() && value.size() == 1 && value[0].is_object() &&
         value[0].value("type", "") == "text" && is_segment(value[0]);
  } else if (ui_type == "Email") {
    ok = value.is_array() && value.size() == 1 && value[0].value("type", "") == "url" &&
         is_segment(value[0]) &&
         value[0].at("link") == "mailto:" + value[0].at("text").get<std::string>();
  } else if (ui_type == "Phone") {
    ok = value.is_string() && is_phone(value.get_ref<const std::string&>());
  } else if (ui_type == "Number" || ui_type == "Currency") {
    ok = value.is_number();
  } else if (ui_type == "Progress") {
    ok = value.is_number() && value.get<double>() >= 0 && value.get<double>() <= 1;
  } else if (ui_type == "Rating") {
    const Json& p = field.at("property");
    ok = value.is_number_integer() && value >= p.at("min") && value <= p.at("max");
  } else if (ui_type == "SingleSelect") {
    ok = is_option(field, value);
  } else if (ui_type == "MultiSelect") {
    ok = all_of(value, [&field](const Json& v) { return is_option(field, v); });
  } else if (ui_type == "DateTime" || ui_type == "CreatedTime" || ui_type == "ModifiedTime") {
    ok = value.is_number_integer();
  } else if (ui_type == "Checkbox") {
    ok = value.is_boolean();
  } else if (ui_type == "User") {
    ok = all_of(value, is_person);
  } else if (ui_type == "CreatedUser" || ui_type == "ModifiedUser") {
    ok = all_of(value, is_person) && value.size() == 1;
  } else if (ui_type == "GroupChat") {
    ok = all_of(value, is_chat) && !value.empty();
  } else if (ui_type == "Url") {
    ok = value.is_object() && value.size() == 2 && is_string_key(value, "text") &&
         is_string_key(value, "link");
  } else if (ui_type == "Attachment") {
    ok = all_of(value, is_attachment);
  } else if (ui_type == "SingleLink" || ui_type == "DuplexLink") {
    ok = is_link(value);
  } else if (ui_type == "Location") {
    ok = is_location(value);
  } else if (ui_type == "AutoNumber") {
    ok = value.is_string() && !value.get<std::string>().empty();
  } else if (ui_type == "Formula") {
    ok = is_wrapped(value) && value.at("type") == field.at("property").at("type").at("data_type");
  } else if (ui_type == "Lookup") {
    ok = is_wrapped(value) && !value.at("value").empty();
  } else {
    return "no value expected for ui_type " + ui_type;  // Stage, Button, unknown
  }
  return ok ? "" : "bad " + ui_type + " value " + value.dump().substr(0, 300);
}

}  // namespace larkbase::emulator::demo::testing
