#include "test_dataset.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace larkbase::testing {

std::string order_id(int i) { return fmt::format("rec{:07d}", i); }

namespace {

common::Json order_fields() {
  using common::Json;
  return Json::array({
      {{"field_id", "fldName0001"},
       {"field_name", "Name"},
       {"type", 1},
       {"ui_type", "Text"},
       {"is_primary", true},
       {"is_hidden", false},
       {"property", nullptr},
       {"description", "customer name"}},
      {{"field_id", "fldAmount01"},
       {"field_name", "Amount"},
       {"type", 2},
       {"ui_type", "Number"},
       {"is_primary", false},
       {"is_hidden", false},
       {"property", {{"formatter", "0.00"}}}},
      {{"field_id", "fldStatus01"},
       {"field_name", "Status"},
       {"type", 3},
       {"ui_type", "SingleSelect"},
       {"is_primary", false},
       {"is_hidden", false},
       {"property",
        {{"options", Json::array({{{"id", "optOpen"}, {"name", "Open"}, {"color", 0}},
                                  {{"id", "optDone"}, {"name", "Done"}, {"color", 1}}})}}}},
      {{"field_id", "fldTags0001"},
       {"field_name", "Tags"},
       {"type", 4},
       {"ui_type", "MultiSelect"},
       {"is_primary", false},
       {"is_hidden", false},
       {"property", {{"options", Json::array()}}}},
      {{"field_id", "fldDue00001"},
       {"field_name", "Due"},
       {"type", 5},
       {"ui_type", "DateTime"},
       {"is_primary", false},
       {"is_hidden", false},
       {"property", {{"date_formatter", "yyyy/MM/dd"}, {"auto_fill", false}}}},
      {{"field_id", "fldDone0001"},
       {"field_name", "Done"},
       {"type", 7},
       {"ui_type", "Checkbox"},
       {"is_primary", false},
       {"is_hidden", false},
       {"property", nullptr}},
      {{"field_id", "fldOwner001"},
       {"field_name", "Owner"},
       {"type", 11},
       {"ui_type", "User"},
       {"is_primary", false},
       {"is_hidden", false},
       {"property", {{"multiple", true}}}},
      {{"field_id", "fldParent01"},
       {"field_name", "Parent"},
       {"type", 18},
       {"ui_type", "SingleLink"},
       {"is_primary", false},
       {"is_hidden", false},
       {"property", {{"table_id", kOrders}, {"multiple", true}}}},
  });
}

common::Json order(int i) {
  using common::Json;
  Json person = {{"id", "ou_owner" + std::to_string(i % 3)},
                 {"name", "Owner"},
                 {"en_name", "Owner"},
                 {"email", ""},
                 {"avatar_url", ""}};
  Json fields = {{"Name", Json::array({{{"type", "text"}, {"text", fmt::format("Order {}", i)}}})},
                 {"Amount", i * 1.5},
                 {"Status", i % 4 == 0 ? "Done" : "Open"},
                 {"Done", i % 4 == 0},
                 {"Owner", Json::array({person})},
                 {"Parent", {{"link_record_ids", Json::array({order_id(i / 2)})}}}};
  if (i % 5 != 0) fields["Due"] = int64_t(1700000000000) + int64_t(i) * 3600000;
  if (i % 3 == 0) fields["Tags"] = Json::array({"a", "b"});
  return {{"record_id", order_id(i)},   {"fields", fields},
          {"created_by", person},       {"created_time", int64_t(1690000000000) + i},
          {"last_modified_by", person}, {"last_modified_time", int64_t(1695000000000) + i}};
}

}  // namespace

common::Json test_dataset() {
  using common::Json;
  Json orders = Json::array();
  for (int i = 0; i < kOrderCount; ++i) orders.push_back(order(i));
  Json wide_tables = Json::array();
  for (int i = 0; i < kWideTableCount; ++i) {
    wide_tables.push_back({{"table_id", fmt::format("tblWide{:03d}", i)},
                           {"name", fmt::format("Table {}", i)},
                           {"fields", Json::array()},
                           {"records", Json::array()}});
  }
  Json files = Json::array();
  for (int i = 0; i < kFolderFiles; ++i) {
    files.push_back({{"token", fmt::format("doccnFile{:03d}", i)},
                     {"name", fmt::format("File {}", i)},
                     {"type", i == 0 ? "bitable" : "docx"},
                     {"parent_token", kFolder},
                     {"url", fmt::format("https://example.invalid/docx/doccnFile{:03d}", i)},
                     {"created_time", std::to_string(1700000000 + i)},
                     {"modified_time", std::to_string(1700100000 + i)},
                     {"owner_id", "ou_owner0"}});
  }
  return {{"app_id", "cli_testapp"},
          {"app_secret", "test-secret"},
          {"bases",
           Json::array({{{"app_token", kBase},
                         {"name", "Sales"},
                         {"tables", Json::array({{{"table_id", kOrders},
                                                  {"name", "orders"},
                                                  {"fields", order_fields()},
                                                  {"records", orders}}})}},
                        {{"app_token", kWideBase}, {"name", "Wide"}, {"tables", wide_tables}}})},
          {"drive", {{kFolder, files}}},
          {"control_table", {{"app_token", kBase}, {"table_id", kOrders}}},
          {"drive_folder", kFolder}};
}

std::string write_dataset(const common::Json& dataset) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr ? tmp : "/tmp") + "/emulator_dataset_XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary dataset file");
  close(fd);
  std::ofstream(pattern) << dataset.dump();
  return pattern;
}

}  // namespace larkbase::testing
