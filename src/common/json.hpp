#pragma once
// JSON conventions: all parsing goes through simdjson; all writing through
// nlohmann::json. parse_json() gives a convenient DOM for cold paths (config,
// datasets, small API responses); hot paths use simdjson's on-demand API directly.
#include <nlohmann/json.hpp>
#include <string_view>

namespace larkbase::common {

using Json = nlohmann::json;

// Parses `text` with simdjson and converts it to a Json DOM. `what` names the
// document in the error message ("Lark response of GET /tables", "dataset file x").
// Throws UserError when the text is not valid JSON.
Json parse_json(std::string_view text, std::string_view what);

}  // namespace larkbase::common
