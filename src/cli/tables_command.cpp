// `larkbase tables`: the schemas and tables SQL can name (schema.table), from
// every configured source, plus what the catalog had to report (duplicates,
// renamed collisions) on stderr.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command_registry.hpp"
#include "cli/connector_flags.hpp"
#include "cli/result_format.hpp"
#include "cli/text_table.hpp"
#include "common/json.hpp"

namespace larkbase::cli {
namespace {

struct TablesFlags {
  ConnectorFlags connector;
  std::string output = "table";
};

void run(const TablesFlags& flags) {
  auto connector = make_connector(flags.connector);
  std::vector<std::vector<std::string>> rows;
  common::Json schemas = common::Json::array();
  for (const auto& schema : connector->list_schemas()) {
    auto tables = connector->list_tables(schema);
    for (const auto& table : tables) rows.push_back({schema, table, schema + "." + table});
    schemas.push_back({{"schema", schema}, {"tables", tables}});
  }
  auto warnings = connector->warnings();
  if (flags.output == "json") {
    std::puts(common::Json{{"schemas", schemas}, {"warnings", warnings}}.dump(2).c_str());
    return;
  }
  print_text_table({"schema", "table", "sql name"}, rows);
  for (const auto& warning : warnings) std::fprintf(stderr, "warning: %s\n", warning.c_str());
}

const CommandRegistration kTables{"tables", [](CLI::App& app) {
                                    auto flags = std::make_shared<TablesFlags>();
                                    auto* command = app.add_subcommand(
                                        "tables", "List the schemas and tables SQL can query");
                                    command->add_option("--output", flags->output, "table or json")
                                        ->check(CLI::IsMember({"table", "json"}))
                                        ->capture_default_str();
                                    add_connector_flags(command, flags->connector);
                                    command->callback([flags] { run(*flags); });
                                  }};

}  // namespace
}  // namespace larkbase::cli
