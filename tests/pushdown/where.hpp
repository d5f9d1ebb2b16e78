#pragma once
// A conjunction of one value set, the building block of OR branches in tests.
#include <string>

#include "pushdown/constraints.hpp"

namespace larkbase::pushdown::testing {

inline Constraints where(const std::string& column, const ValueSet& set) {
  Constraints c;
  c.add(column, set);
  return c;
}

}  // namespace larkbase::pushdown::testing
