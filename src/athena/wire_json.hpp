#pragma once
// The Athena federation protocol is order sensitive (athena-protocol.md §1.3): the
// Java SDK reads members in a fixed order and writes them in that order. So the
// protocol layer works on an insertion-ordered JSON DOM, parsed with simdjson
// (which keeps document order) and written with nlohmann's ordered_json.
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace larkbase::athena {

using WireJson = nlohmann::ordered_json;

// A request whose members are not where the serde version expects them (the
// SDK's IllegalStateException): the composite handler falls back to an older
// version on this error and on no other.
class ShapeError : public common::UserError {
 public:
  explicit ShapeError(const std::string& message) : common::UserError(message) {}
};

// Throws UserError when `text` is not JSON or repeats a member within an object.
WireJson parse_wire_json(std::string_view text, std::string_view what);

// Reads the members of one object in wire order. `path` names the object in
// messages ("ReadRecordsRequest.split.spillLocation").
class MemberCursor {
 public:
  MemberCursor(const WireJson& object, std::string path);

  // The next member, which must be called `name`; ShapeError otherwise.
  const WireJson& take(std::string_view name);
  // The next member if it is called `name`, else nullptr (nothing consumed).
  const WireJson* take_optional(std::string_view name);
  bool at_end() const { return it_ == end_; }
  // Nested objects close strictly: a member past the last known one is an error.
  void close();
  const std::string& path() const { return path_; }

 private:
  WireJson::const_iterator it_;
  WireJson::const_iterator end_;
  std::string path_;
};

}  // namespace larkbase::athena
