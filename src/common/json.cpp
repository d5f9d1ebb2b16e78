#include "common/json.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include "common/error.hpp"

namespace larkbase::common {
namespace {

Json convert(simdjson::dom::element element) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::ARRAY: {
      Json out = Json::array();
      for (simdjson::dom::element child : element.get_array()) out.push_back(convert(child));
      return out;
    }
    case element_type::OBJECT: {
      Json out = Json::object();
      for (auto field : element.get_object()) out[std::string(field.key)] = convert(field.value);
      return out;
    }
    case element_type::INT64:
      return Json(int64_t(element.get_int64()));
    case element_type::UINT64:
      return Json(uint64_t(element.get_uint64()));
    case element_type::DOUBLE:
      return Json(double(element.get_double()));
    case element_type::STRING:
      return Json(std::string(std::string_view(element.get_string())));
    case element_type::BOOL:
      return Json(bool(element.get_bool()));
    case element_type::NULL_VALUE:
      return Json(nullptr);
  }
  return Json(nullptr);
}

}  // namespace

Json parse_json(std::string_view text, std::string_view what) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  auto error = parser.parse(padded).get(root);
  if (error) {
    throw UserError(fmt::format("{} is not valid JSON: {}", what, simdjson::error_message(error)));
  }
  return convert(root);
}

}  // namespace larkbase::common
