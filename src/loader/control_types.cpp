#include "loader/control_types.hpp"

#include <sstream>

namespace larkbase::loader {

std::vector<std::string> split_columns(const std::string& comma_separated) {
  std::vector<std::string> out;
  std::stringstream in(comma_separated);
  for (std::string part; std::getline(in, part, ',');) {
    auto first = part.find_first_not_of(" \t");
    auto last = part.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(part.substr(first, last - first + 1));
  }
  return out;
}

}  // namespace larkbase::loader
