#pragma once
// Parses one stored JSON value (a cell) back into a DOM. Hot path of filtering
// and sorting: one simdjson parser per thread, reused, no per-call allocation
// beyond the resulting value.
#include <simdjson.h>

#include <string_view>

#include "common/json.hpp"

namespace larkbase::emulator {

// `text` must be valid JSON (the store only holds what nlohmann wrote).
common::Json parse_fragment(std::string_view text);

// Converts a simdjson DOM value into a nlohmann DOM.
common::Json json_from_element(simdjson::dom::element element);

}  // namespace larkbase::emulator
