#pragma once
// The compiled form of a filter: conditions with their field resolved and their
// operands pre-parsed (numbers, day ranges, case-folded text), grouped the way
// the request grouped them. Built by filter_compile.cpp, read by filter_eval.cpp.
#include <cstdint>
#include <string>
#include <vector>

#include "emulator/query/dates.hpp"
#include "emulator/query/field_kind.hpp"
#include "emulator/query/semantics.hpp"

namespace larkbase::emulator::query {

enum class Operator {
  kIs,
  kIsNot,
  kContains,
  kDoesNotContain,
  kIsEmpty,
  kIsNotEmpty,
  kIsGreater,
  kIsGreaterEqual,
  kIsLess,
  kIsLessEqual,
};

struct Condition {
  std::string field_name;
  FieldKind kind = FieldKind::kUnknown;
  Operator op = Operator::kIs;

  // Text-like kinds: values case-folded when comparisons ignore case. Select,
  // person, group and link kinds: option names / ids as given.
  std::vector<std::string> values;

  // Number kinds (and AutoNumber when its value is numeric).
  double number = 0;
  bool has_number = false;

  // Date kinds: the day (or keyword range) the value stands for.
  DayRange range;

  // Checkbox: the wanted state.
  bool checked = false;
};

struct ConditionGroup {
  bool is_and = true;
  std::vector<Condition> conditions;
};

struct FilterTree {
  bool is_and = true;
  std::vector<Condition> conditions;     // top-level conditions
  std::vector<ConditionGroup> children;  // one level of groups
  Semantics semantics;
  int condition_count = 0;
};

// Evaluates one condition on a record (filter_eval.cpp).
bool evaluate(const Condition& condition, const common::Json& fields, const common::Json* record,
              const Semantics& semantics);

}  // namespace larkbase::emulator::query
