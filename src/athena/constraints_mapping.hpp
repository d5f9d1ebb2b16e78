#pragma once
// Athena `constraints` (athena-protocol.md §5) → the core's pushdown::Constraints,
// so translation to Lark filters and exact evaluation stay one piece of code.
//
// - summary: EquatableValueSet (allow/deny list), SortedRangeSet (EXACTLY/ABOVE/
//   BELOW markers, nullValue = unbounded end), AllOrNoneValueSet, nullAllowed;
// - expression (v4+): the functions of kPushedFunctions, each top-level element one
//   more conjunct; an element we cannot represent fails the request (never half
//   applied: Athena relies on what we advertised);
// - orderByClause → order_by; limit ≥ 0 → limit.
#include <string>
#include <vector>

#include "athena/message.hpp"
#include "pushdown/constraints.hpp"

namespace larkbase::athena {

// The federation functions we translate and advertise (GetDataSourceCapabilities).
const std::vector<std::string>& pushed_functions();

// `constraints` is the canonical constraints object of `message` (its payloads hold
// the value blocks). Throws UserError naming the column/function when a value
// type or an expression cannot be represented, and for query pass-through.
pushdown::Constraints to_pushdown(const Message& message, const WireJson& constraints);

// The values of column 0 of a value block (NULL rows kept as NULL Values).
std::vector<pushdown::Value> block_values(const ArrowPayload& block, const std::string& what);

// Appends the conjuncts of `expression` (v4+ federation expressions) to `out`.
void add_expression(const Message& message, const WireJson& expression, pushdown::Constraints& out);

}  // namespace larkbase::athena
