#pragma once
// One conversion from a simdjson DOM element to a nlohmann DOM, for the cold
// paths that want a mutable tree (configuration, the emulator's dataset files,
// the Athena wire messages). Hot paths read simdjson directly.
#include <simdjson.h>

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "common/error.hpp"

namespace larkbase::common {

// J is nlohmann::json or nlohmann::ordered_json (when member order matters).
// With `reject_repeats_in` set, a member repeated in one object throws a
// UserError naming that document; otherwise the last one wins.
template <class J>
J json_from_dom(simdjson::dom::element element, std::string_view reject_repeats_in = {}) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::ARRAY: {
      J out = J::array();
      for (simdjson::dom::element child : element.get_array()) {
        out.push_back(json_from_dom<J>(child, reject_repeats_in));
      }
      return out;
    }
    case element_type::OBJECT: {
      J out = J::object();
      for (auto field : element.get_object()) {
        std::string key(field.key);
        if (!reject_repeats_in.empty() && out.contains(key)) {
          throw UserError(fmt::format("{} repeats the member \"{}\"; send each member once",
                                      reject_repeats_in, key));
        }
        out[std::move(key)] = json_from_dom<J>(field.value, reject_repeats_in);
      }
      return out;
    }
    case element_type::INT64:
      return J(int64_t(element.get_int64()));
    case element_type::UINT64:
      return J(uint64_t(element.get_uint64()));
    case element_type::DOUBLE:
      return J(double(element.get_double()));
    case element_type::STRING:
      return J(std::string(std::string_view(element.get_string())));
    case element_type::BOOL:
      return J(bool(element.get_bool()));
    case element_type::NULL_VALUE:
      return J(nullptr);
  }
  return J(nullptr);
}

// Parses `text` (named `what` in errors) and converts it; a UserError when it is
// not JSON, or, with `reject_repeats`, when an object repeats a member.
template <class J>
J parse_json_as(std::string_view text, std::string_view what, bool reject_repeats = false) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  auto error = parser.parse(padded).get(root);
  if (error) {
    throw UserError(fmt::format("{} is not valid JSON: {}", what, simdjson::error_message(error)));
  }
  return json_from_dom<J>(root, reject_repeats ? what : std::string_view{});
}

}  // namespace larkbase::common
