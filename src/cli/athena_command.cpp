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
#include "athena/invoke_server.hpp"
#include "athena/s3_spill_store.hpp"
#include "cli/command_registry.hpp"
#include "cli/serve_until_signal.hpp"
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

// `athena serve`: the Lambda Invoke API until SIGTERM/SIGINT. The configuration
// is read once, so a mistake in it fails the command before the handshake.
void serve(athena::InvokeServerOptions options) {
  const athena::AthenaConfig config = athena::AthenaConfig::from_env();
  auto spill_store = std::make_shared<athena::S3SpillStore>();
  athena::InvokeServer server(std::move(options), [config, spill_store] {
    return std::make_unique<athena::FederationHandler>(config, nullptr, spill_store);
  });
  serve_until_signal(server);
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

  auto options = std::make_shared<athena::InvokeServerOptions>();
  auto* serve_command = athena->add_subcommand(
      "serve",
      "Serve the Lambda Invoke API (POST /2015-03-31/functions/NAME/invocations) on a local "
      "port; the first stdout line is {\"url\": …}");
  serve_command->add_option("--port", options->port, "TCP port; 0 picks a free one")
      ->capture_default_str();
  serve_command->add_option("--host", options->host, "address to listen on")->capture_default_str();
  serve_command->add_option("--threads", options->threads, "concurrent invocations")
      ->capture_default_str();
  serve_command->callback([options] { serve(*options); });
}

const CommandRegistration kAthena{"athena", setup};

}  // namespace
}  // namespace larkbase::cli
