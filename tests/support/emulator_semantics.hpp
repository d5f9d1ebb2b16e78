#pragma once
// The emulator's switchable search semantics (docs/emulator.md): each way a real
// Lark deployment may read a pushed filter or sort. Suites that must hold under
// every one of them (the differential check, the SQL oracle, range splits)
// instantiate over this one list.
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace larkbase::testing {

struct SemanticsCase {
  std::string name;
  std::vector<std::string> flags;  // emulator flags beyond --demo --rows
};

inline std::vector<SemanticsCase> emulator_semantics() {
  return {{"CaseSensitiveText", {"--text-case", "sensitive"}},
          {"MultiValueIsAny", {"--multi-value-is", "any"}},
          {"MultiValueIsAll", {"--multi-value-is", "all"}},
          {"DayBoundaryStart", {"--day-boundary", "start"}},
          {"TimeZonePlus14", {"--time-zone", "+14:00"}},
          {"TimeZoneMinus10", {"--time-zone", "-10:00"}},
          {"EmptyCellsSortFirst", {"--empty-sort", "first"}}};
}

inline std::string semantics_name(const ::testing::TestParamInfo<SemanticsCase>& info) {
  return info.param.name;
}

}  // namespace larkbase::testing
