#include "common/thread_json_parser.hpp"

namespace larkbase::common {

simdjson::ondemand::parser& thread_json_parser() {
  thread_local simdjson::ondemand::parser parser;
  return parser;
}

}  // namespace larkbase::common
