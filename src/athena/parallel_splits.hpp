#pragma once
// Parallel splits (the seed's ACTIVATE_PARALLEL_SPLIT) on Athena: GetSplits asks the
// connector to cut the query's one split into split-key ranges (Connector::cut, the
// same ranges the local shell reads concurrently) and hands them out a page at a
// time. The ranges that are not handed out yet travel in the continuation token
// themselves, not the recipe for them: data changing between GetSplits calls can
// then open neither a gap nor an overlap between the pages.
#include <string>
#include <vector>

#include "connector/key_range.hpp"

namespace larkbase::athena {

// The token for the ranges still to hand out (all on one column; non-empty).
std::string range_token(const std::vector<connector::KeyRange>& ranges);

// The ranges of a token range_token() issued for `column`. Throws UserError naming
// the token and the remedy for anything else.
std::vector<connector::KeyRange> ranges_from_token(const std::string& token,
                                                   const std::string& column);

}  // namespace larkbase::athena
