#include "athena/wire_json.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include "common/json_from_dom.hpp"

namespace larkbase::athena {

WireJson parse_wire_json(std::string_view text, std::string_view what) {
  return common::parse_json_as<WireJson>(text, what, /*reject_repeats=*/true);
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
