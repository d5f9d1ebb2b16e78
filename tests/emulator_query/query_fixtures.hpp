#pragma once
// A table with one field of every type of lark-open-api.md §2.3 and helpers to
// build filters and run them on single records.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "common/json.hpp"
#include "emulator/query/api_error.hpp"
#include "emulator/query/filter.hpp"
#include "emulator/query/semantics.hpp"
#include "emulator/query/sort.hpp"

namespace larkbase::emulator::query::testing {

using common::Json;

inline Json field(const std::string& name, int type, const std::string& ui_type) {
  return {{"field_id", "fld" + name},
          {"field_name", name},
          {"type", type},
          {"ui_type", ui_type},
          {"property", nullptr}};
}

inline Json all_fields() {
  return Json::array({
      field("Title", 1, "Text"),
      field("Code", 1, "Barcode"),
      field("Mail", 1, "Email"),
      field("Score", 2, "Number"),
      field("Progress", 2, "Progress"),
      field("Status", 3, "SingleSelect"),
      field("Tags", 4, "MultiSelect"),
      field("Due", 5, "DateTime"),
      field("Done", 7, "Checkbox"),
      field("Owner", 11, "User"),
      field("Phone", 13, "Phone"),
      field("Site", 15, "Url"),
      field("Files", 17, "Attachment"),
      field("Parent", 18, "SingleLink"),
      field("Related", 21, "DuplexLink"),
      field("Lookup", 19, "Lookup"),
      field("Total", 20, "Formula"),
      field("Where", 22, "Location"),
      field("Chat", 23, "GroupChat"),
      field("Flow", 24, "Stage"),
      field("Created", 1001, "CreatedTime"),
      field("Modified", 1002, "ModifiedTime"),
      field("Creator", 1003, "CreatedUser"),
      field("Modifier", 1004, "ModifiedUser"),
      field("Ticket", 1005, "AutoNumber"),
      field("Go", 3001, "Button"),
  });
}

inline Json cond(const std::string& field_name, const std::string& op, Json values) {
  return {{"field_name", field_name}, {"operator", op}, {"value", std::move(values)}};
}

inline Json and_of(Json conditions) {
  return {{"conjunction", "and"}, {"conditions", std::move(conditions)}};
}

inline Json or_of(Json conditions) {
  return {{"conjunction", "or"}, {"conditions", std::move(conditions)}};
}

// Whether the one-condition filter matches a record whose only cell is `cell`
// under `field_name` (a null `cell` leaves the record empty).
inline bool one(const std::string& field_name, const std::string& op, Json values, const Json& cell,
                const Semantics& semantics = {}) {
  CompiledFilter filter = compile_filter(
      and_of(Json::array({cond(field_name, op, std::move(values))})), all_fields(), semantics);
  Json fields = Json::object();
  if (!cell.is_null()) fields[field_name] = cell;
  return filter.matches(fields);
}

// The code compile_filter rejects `filter` with (0 when it is accepted).
inline int filter_error(const Json& filter, const Semantics& semantics = {}) {
  try {
    compile_filter(filter, all_fields(), semantics);
  } catch (const ApiError& error) {
    return error.code;
  }
  return 0;
}

inline int condition_error(const std::string& field_name, const std::string& op, Json values,
                           const Semantics& semantics = {}) {
  return filter_error(and_of(Json::array({cond(field_name, op, std::move(values))})), semantics);
}

// Epoch milliseconds of a UTC wall-clock time, through the C++ calendar.
inline int64_t utc_ms(int y, unsigned m, unsigned d, int hour = 0, int minute = 0) {
  using namespace std::chrono;
  sys_days day{year{y} / month{m} / std::chrono::day{d}};
  return duration_cast<milliseconds>(day.time_since_epoch() + hours{hour} + minutes{minute})
      .count();
}

inline Json text_cell(const std::string& text) {
  return Json::array({{{"type", "text"}, {"text", text}}});
}

inline Json person(const std::string& id, const std::string& name) {
  return {{"id", id}, {"name", name}, {"en_name", name}, {"email", ""}, {"avatar_url", ""}};
}

}  // namespace larkbase::emulator::query::testing
