#include "emulator/json_fragment.hpp"

#include <simdjson.h>

#include <string>

#include "common/error.hpp"

namespace larkbase::emulator {
common::Json json_from_element(simdjson::dom::element element) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::ARRAY: {
      common::Json out = common::Json::array();
      for (simdjson::dom::element child : element.get_array())
        out.push_back(json_from_element(child));
      return out;
    }
    case element_type::OBJECT: {
      common::Json out = common::Json::object();
      for (auto field : element.get_object())
        out[std::string(field.key)] = json_from_element(field.value);
      return out;
    }
    case element_type::INT64:
      return common::Json(int64_t(element.get_int64()));
    case element_type::UINT64:
      return common::Json(uint64_t(element.get_uint64()));
    case element_type::DOUBLE:
      return common::Json(double(element.get_double()));
    case element_type::STRING:
      return common::Json(std::string(std::string_view(element.get_string())));
    case element_type::BOOL:
      return common::Json(bool(element.get_bool()));
    case element_type::NULL_VALUE:
      return common::Json(nullptr);
  }
  return common::Json(nullptr);
}

common::Json parse_fragment(std::string_view text) {
  thread_local simdjson::dom::parser parser;
  thread_local std::string buffer;
  buffer.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  buffer.assign(text);
  simdjson::dom::element root;
  if (parser.parse(buffer.data(), buffer.size(), false).get(root)) {
    throw common::InternalError("stored cell value is not valid JSON");
  }
  return json_from_element(root);
}

}  // namespace larkbase::emulator
