#pragma once
// Checks that a cell value has the JSON shape records/search returns for its
// field (lark-open-api.md §3.1). Returns an empty string when it does, else why not.
#include <string>

#include "common/json.hpp"

namespace larkbase::emulator::demo::testing {

std::string shape_problem(const common::Json& field, const common::Json& value);

// A person object as User / CreatedUser / ModifiedUser cells and created_by carry it.
bool is_person(const common::Json& value);

}  // namespace larkbase::emulator::demo::testing
