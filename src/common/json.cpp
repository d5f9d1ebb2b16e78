#include "common/json.hpp"

#include "common/json_from_dom.hpp"

namespace larkbase::common {

Json parse_json(std::string_view text, std::string_view what) {
  return parse_json_as<Json>(text, what);
}

}  // namespace larkbase::common
