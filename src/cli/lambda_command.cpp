// `larkbase lambda`: the AWS Lambda custom-runtime loop. The deployed `bootstrap`
// starts `larkbase` with no arguments; main() turns that into this command when
// AWS_LAMBDA_RUNTIME_API is set. LARKBASE_LAMBDA_HANDLER picks the function:
// `athena` (default, the federation connector) or `crawler`.
#include <cstdlib>
#include <memory>

#include "athena/federation_handler.hpp"
#include "athena/lambda_runtime.hpp"
#include "athena/s3_spill_store.hpp"
#include "cli/command_registry.hpp"
#include "common/env.hpp"
#include "common/error.hpp"
#include "crawler/lambda_handler.hpp"

namespace larkbase::cli {
namespace {

athena::LambdaFunction athena_function() {
  auto handler = std::make_shared<athena::FederationHandler>(
      athena::AthenaConfig::from_env(), nullptr, std::make_shared<athena::S3SpillStore>());
  return [handler](const std::string& event, std::optional<athena::Deadline> deadline) {
    return handler->invoke(event, deadline);
  };
}

athena::LambdaFunction crawler_function() {
  return [](const std::string& event,
            std::optional<athena::Deadline> deadline) -> athena::InvocationResult {
    try {
      return {true, crawler::handle_lambda_event(event, deadline)};
    } catch (const std::exception& error) {
      return {false, athena::error_document(error)};
    }
  };
}

athena::LambdaFunction make_function() {
  const std::string name = common::env_or("LARKBASE_LAMBDA_HANDLER", "athena");
  if (name == "athena") return athena_function();
  if (name == "crawler") return crawler_function();
  throw common::UserError("LARKBASE_LAMBDA_HANDLER is '" + name +
                          "'; set it to 'athena' (the federation connector) or 'crawler'");
}

const CommandRegistration kLambda{
    "lambda", [](CLI::App& app) {
      auto* command = app.add_subcommand("lambda",
                                         "Run the AWS Lambda Runtime API loop (what a bare "
                                         "`larkbase` does when AWS_LAMBDA_RUNTIME_API is set)");
      command->callback([] {
        athena::LambdaRuntimeOptions options;
        options.api = common::env_or("AWS_LAMBDA_RUNTIME_API", "");
        options.response_margin =
            std::chrono::milliseconds(common::env_int("LARKBASE_LAMBDA_DEADLINE_MARGIN_MS", 1000));
        std::exit(athena::run_lambda_runtime(options, make_function));
      });
    }};

}  // namespace
}  // namespace larkbase::cli
