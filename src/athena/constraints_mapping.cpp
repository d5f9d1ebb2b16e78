#include "athena/constraints_mapping.hpp"

#include <fmt/format.h>

#include "columnar/cell_value.hpp"

namespace larkbase::athena {
namespace {

using pushdown::Value;
using pushdown::ValueSet;

Value cell(const columnar::ArrayData& array, int64_t row, const std::string& what) {
  using columnar::TypeId;
  if (array.is_null(row)) return Value();
  switch (array.type->id) {
    case TypeId::kBool:
      return Value(columnar::get_bool(array, row));
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return Value(columnar::get_int(array, row));
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return Value(columnar::get_double(array, row));
    case TypeId::kUtf8:
      return Value(std::string(columnar::get_string(array, row)));
    case TypeId::kDateMilli:
      // Epoch milliseconds, the representation of the project's date columns.
      return Value(columnar::get_date_millis(array, row));
    default:
      throw common::UserError(fmt::format(
          "{} holds a {} value; constraints on this type are not supported (the tables of this "
          "connector use boolean, integer, double and varchar columns)",
          what, array.type->to_string()));
  }
}

pushdown::Bound bound_of(const Message& message, const WireJson& marker, bool low,
                         const std::string& what) {
  if (marker["nullValue"].get<bool>()) return pushdown::Bound::unbounded();
  const std::string bound = marker["bound"].get<std::string>();
  if (bound == (low ? "BELOW" : "ABOVE")) {
    throw common::UserError(
        fmt::format("{}: a {} marker cannot be {}", what, low ? "low" : "high", bound));
  }
  const std::vector<Value> values = block_values(message.payload(marker["valueBlock"]), what);
  if (values.size() != 1 || values[0].is_null()) {
    throw common::UserError(
        fmt::format("{}: a bounded marker needs exactly one non-null value", what));
  }
  return pushdown::Bound::at(values[0], bound == "EXACTLY");
}

ValueSet value_set_of(const Message& message, const WireJson& set, const std::string& column) {
  const std::string what = "the constraint on column '" + column + "'";
  const std::string type = set["@type"].get<std::string>();
  const bool null_allowed = set["nullAllowed"].get<bool>();
  if (type == "AllOrNoneValueSet") {
    return ValueSet{pushdown::AllOrNone{set["all"].get<bool>()}, null_allowed};
  }
  if (type == "EquatableValueSet") {
    pushdown::Equatable equatable;
    equatable.white_list = set["whiteList"].get<bool>();
    for (Value& value : block_values(message.payload(set["valueBlock"]), what)) {
      if (!value.is_null()) equatable.values.push_back(std::move(value));
    }
    return ValueSet{std::move(equatable), null_allowed};
  }
  std::vector<pushdown::Range> ranges;
  for (const WireJson& range : set["ranges"]) {
    ranges.push_back({bound_of(message, range["low"], true, what),
                      bound_of(message, range["high"], false, what)});
  }
  return ValueSet::ranges(std::move(ranges), null_allowed);
}

}  // namespace

std::vector<Value> block_values(const ArrowPayload& block, const std::string& what) {
  std::vector<Value> values;
  if (block.schema->fields.size() != 1) {
    throw common::UserError(
        fmt::format("{}: a value block must have exactly one column (col1)", what));
  }
  if (!block.batch) return values;
  const columnar::ArrayData& column = *block.batch->columns[0];
  for (int64_t row = 0; row < block.batch->num_rows; ++row) {
    values.push_back(cell(column, row, what));
  }
  return values;
}

pushdown::Constraints to_pushdown(const Message& message, const WireJson& constraints) {
  pushdown::Constraints out;
  for (const auto& [column, set] : constraints["summary"].items()) {
    out.add(column, value_set_of(message, set, column));
  }
  if (constraints.contains("queryPassthroughArguments") &&
      !constraints["queryPassthroughArguments"].empty()) {
    throw common::UserError(
        "query pass-through is not supported by the Lark Base connector; query the tables with "
        "SELECT … FROM schema.table instead");
  }
  if (constraints.contains("expression")) {
    for (const WireJson& conjunct : constraints["expression"]) {
      add_expression(message, conjunct, out);
    }
  }
  if (constraints.contains("orderByClause")) {
    for (const WireJson& field : constraints["orderByClause"]) {
      const std::string direction = field["direction"].get<std::string>();
      out.order_by.push_back({field["columnName"].get<std::string>(),
                              direction.rfind("DESC", 0) == 0,
                              direction.find("NULLS_FIRST") != std::string::npos});
    }
  }
  if (constraints.contains("limit") && constraints["limit"].get<int64_t>() >= 0) {
    out.limit = constraints["limit"].get<int64_t>();
  }
  return out;
}

}  // namespace larkbase::athena
