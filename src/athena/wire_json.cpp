#include "athena/wire_json.hpp"

#include <fmt/format.h>
#include <simdjson.h>

namespace larkbase::athena {
namespace {

WireJson convert(simdjson::dom::element element, std::string_view what) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::ARRAY: {
      WireJson out = WireJson::array();
      for (simdjson::dom::element child : element.get_array()) {
        out.push_back(convert(child, what));
      }
      return out;
    }
    case element_type::OBJECT: {
      WireJson out = WireJson::object();
      for (auto field : element.get_object()) {
        std::string key(field.key);
        if (out.contains(key)) {
          throw common::UserError(
              fmt::format("{} repeats the member \"{}\"; send each member once", what, key));
        }
        out.emplace(std::move(key), convert(field.value, what));
      }
      return out;
    }
    case element_type::INT64:
      return WireJson(int64_t(element.get_int64()));
    case element_type::UINT64:
      return WireJson(uint64_t(element.get_uint64()));
    case element_type::DOUBLE:
      return WireJson(double(element.get_double()));
    case element_type::STRING:
      return WireJson(std::string(std::string_view(element.get_string())));
    case element_type::BOOL:
      return WireJson(bool(element.get_bool()));
    case element_type::NULL_VALUE:
      return WireJson(nullptr);
  }
  return WireJson(nullptr);
}

}  // namespace

WireJson parse_wire_json(std::string_view text, std::string_view what) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  auto error = parser.parse(padded).get(root);
  if (error) {
    throw common::UserError(
        fmt::format("{} is not valid JSON: {}", what, simdjson::error_message(error)));
  }
  return convert(root, what);
}

MemberCursor::MemberCursor(const WireJson& object, std::string path) : path_(std::move(path)) {
  if (!object.is_object()) {
    throw ShapeError(fmt::format("{} must be a JSON object, found {}", path_, object.type_name()));
  }
  it_ = object.begin();
  end_ = object.end();
}

const WireJson& MemberCursor::take(std::string_view name) {
  if (it_ == end_) {
    throw ShapeError(fmt::format("{} lacks the member \"{}\"", path_, name));
  }
  if (it_.key() != name) {
    throw ShapeError(
        fmt::format("{}: expected the member \"{}\" here, found \"{}\"", path_, name, it_.key()));
  }
  const WireJson& value = it_.value();
  ++it_;
  return value;
}

const WireJson* MemberCursor::take_optional(std::string_view name) {
  if (it_ == end_ || it_.key() != name) return nullptr;
  const WireJson& value = it_.value();
  ++it_;
  return &value;
}

void MemberCursor::close() {
  if (it_ != end_) {
    throw ShapeError(fmt::format("{} has an unexpected member \"{}\"", path_, it_.key()));
  }
}

}  // namespace larkbase::athena
