#pragma once
// The type contract classifies fields with Lark's field kinds (lark/field_kind.hpp);
// these names keep the contract's code in its own namespace.
#include "lark/field_kind.hpp"

namespace larkbase::types {

using lark::classify_field;
using lark::field_kind_from_string;
using lark::FieldKind;
using lark::is_exposed;
using lark::kind_of_type;
using lark::to_string;

}  // namespace larkbase::types
