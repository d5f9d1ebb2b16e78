#pragma once
// The plan as the user sees it with --explain: readable lines and a JSON form.
#include <string>
#include <vector>

#include "common/json.hpp"
#include "pushdown/translate.hpp"

namespace larkbase::pushdown {

std::vector<std::string> explain_lines(const PushdownPlan& plan);
common::Json explain_json(const PushdownPlan& plan);

}  // namespace larkbase::pushdown
