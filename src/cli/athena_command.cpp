// `larkbase athena invoke [FILE]`: one federation request JSON (file or stdin) →
// the response JSON on stdout, exactly what the Lambda returns; a failed request
// prints the Lambda error document and exits 1.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "athena/federation_handler.hpp"
#include "athena/s3_spill_store.hpp"
#include "cli/command_registry.hpp"
#include "common/error.hpp"

namespace larkbase::cli {
namespace {

std::string read_input(const std::string& file) {
  if (file.empty() || file == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw common::UserError("cannot read the request file '" + file + "'");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void setup(CLI::App& app) {
  auto* athena = app.add_subcommand("athena", "The Athena federation connector (Lambda handler)");
  athena->require_subcommand(1);
  auto* invoke = athena->add_subcommand(
      "invoke", "Answer one federation request (JSON from FILE or stdin) on stdout");
  auto file = std::make_shared<std::string>();
  invoke->add_option("file", *file, "request JSON file ('-' or none: stdin)");
  invoke->callback([file] {
    athena::FederationHandler handler(athena::AthenaConfig::from_env(), nullptr,
                                      std::make_shared<athena::S3SpillStore>());
    const athena::InvocationResult result = handler.invoke(read_input(*file));
    std::fwrite(result.body.data(), 1, result.body.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    if (!result.ok) std::exit(1);
  });
}

const CommandRegistration kAthena{"athena", setup};

}  // namespace
}  // namespace larkbase::cli
