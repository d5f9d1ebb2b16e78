#include "emulator/json_fragment.hpp"

#include <simdjson.h>

#include <string>

#include "common/error.hpp"
#include "common/json_from_dom.hpp"

namespace larkbase::emulator {

common::Json json_from_element(simdjson::dom::element element) {
  return common::json_from_dom<common::Json>(element);
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
