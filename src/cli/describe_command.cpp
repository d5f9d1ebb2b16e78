// `larkbase describe SCHEMA.TABLE`: the columns SQL sees (name and SQLite type)
// next to the Lark field behind each (name, ui_type and numeric type), so a user
// can see how a Lark field is spelt and typed in SQL.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command_registry.hpp"
#include "cli/connector_flags.hpp"
#include "cli/result_format.hpp"
#include "cli/text_table.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "sqlite/sql_type.hpp"
#include "types/field_kind.hpp"

namespace larkbase::cli {
namespace {

struct DescribeFlags {
  ConnectorFlags connector;
  std::string name;
  std::string output = "table";
};

std::pair<std::string, std::string> split_name(const std::string& name) {
  auto dot = name.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == name.size()) {
    throw common::UserError("describe needs SCHEMA.TABLE, got '" + name +
                            "'; `larkbase tables` lists the names");
  }
  return {name.substr(0, dot), name.substr(dot + 1)};
}

void run(const DescribeFlags& flags) {
  auto [schema, table] = split_name(flags.name);
  auto connector = make_connector(flags.connector);
  types::TableSchema columns = connector->get_table(schema, table);
  std::vector<std::vector<std::string>> rows;
  common::Json out = common::Json::array();
  for (const auto& column : columns.columns()) {
    std::string sql_type = sqlite::declared_type(*column.field.type);
    std::string lark_type = column.has_lark_field()
                                ? std::string(types::to_string(column.kind)) + " (" +
                                      std::to_string(column.lark_type) + ")"
                                : "reserved";
    rows.push_back(
        {column.name, sql_type, column.field.type->to_string(), column.lark_field_name, lark_type});
    out.push_back({{"column", column.name},
                   {"sql_type", sql_type},
                   {"arrow_type", column.field.type->to_string()},
                   {"lark_field", column.lark_field_name},
                   {"lark_field_id", column.lark_field_id},
                   {"lark_ui_type", column.lark_ui_type},
                   {"lark_type", column.lark_type}});
  }
  if (flags.output == "json") {
    std::puts(common::Json{{"table", schema + "." + table},
                           {"app_token", columns.app_token()},
                           {"table_id", columns.table_id()},
                           {"columns", out}}
                  .dump(2)
                  .c_str());
    return;
  }
  print_text_table({"column", "sql type", "value type", "lark field", "lark type"}, rows);
}

const CommandRegistration kDescribe{
    "describe", [](CLI::App& app) {
      auto flags = std::make_shared<DescribeFlags>();
      auto* command = app.add_subcommand("describe", "Show the columns of SCHEMA.TABLE");
      command->add_option("table", flags->name, "SCHEMA.TABLE")->required();
      command->add_option("--output", flags->output, "table or json")
          ->check(CLI::IsMember({"table", "json"}))
          ->capture_default_str();
      add_connector_flags(command, flags->connector);
      command->callback([flags] { run(*flags); });
    }};

}  // namespace
}  // namespace larkbase::cli
