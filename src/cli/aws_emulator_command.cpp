// `larkbase aws-emulator`: a local AWS (S3, Glue, Secrets Manager, STS,
// Athena GetQueryExecution). The first stdout line is the handshake JSON;
// nothing else goes to stdout. Runs until SIGTERM or SIGINT.
#include <memory>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "aws_emulator/aws_emulator_server.hpp"
#include "cli/command_registry.hpp"
#include "cli/serve_until_signal.hpp"
#include "common/error.hpp"

namespace larkbase::cli {
namespace {

using aws_emulator::AwsEmulatorOptions;

std::pair<std::string, std::string> split_pair(const std::string& text, const char* flag) {
  auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw common::UserError(fmt::format("{} expects NAME=VALUE, got '{}'", flag, text));
  }
  return {text.substr(0, equals), text.substr(equals + 1)};
}

void serve(AwsEmulatorOptions options) {
  aws_emulator::AwsEmulatorServer server(std::move(options));
  serve_until_signal(server);
}

struct Flags {
  AwsEmulatorOptions options;
  std::vector<std::string> secrets;
  std::vector<std::string> executions;
};

const CommandRegistration kAwsEmulator{
    "aws-emulator", [](CLI::App& app) {
      auto flags = std::make_shared<Flags>();
      auto& options = flags->options;
      auto* command = app.add_subcommand(
          "aws-emulator", "Run a local AWS emulator (S3, Glue, Secrets Manager, STS, Athena)");
      command->add_option("--port", options.port, "TCP port; 0 picks a free one")
          ->capture_default_str();
      command->add_option("--host", options.host, "address to listen on")->capture_default_str();
      command->add_option("--region", options.region, "region in the handshake")
          ->capture_default_str();
      command->add_option("--account-id", options.account_id, "account STS answers with")
          ->capture_default_str();
      command->add_flag("--demo", options.demo,
                        "seed the demo: Lark app secret, spill bucket, Glue database 'sales'");
      command->add_option("--lark-app-id", options.lark_app_id, "app id in the demo secret")
          ->capture_default_str();
      command->add_option("--lark-app-secret", options.lark_app_secret,
                          "app secret in the demo secret");
      command->add_option("--bucket", options.buckets, "create an empty S3 bucket (repeatable)");
      command->add_option("--secret", flags->secrets,
                          "NAME=VALUE: a Secrets Manager secret string (repeatable)");
      command->add_option("--secrets-file", options.secrets_files,
                          "JSON object of secret name -> value (repeatable)");
      command->add_option("--glue-file", options.glue_files,
                          "Glue seed: {\"databases\":[DatabaseInput + \"Tables\"]} (repeatable)");
      command->add_option("--query-executions-file", options.query_execution_files,
                          "JSON array of Athena QueryExecution objects (repeatable)");
      command->add_option("--query-execution", flags->executions,
                          "ID=SQL: an Athena query execution (repeatable)");
      command
          ->add_option("--throttle-rate", options.throttle_rate,
                       "probability 0..1 that a request is throttled")
          ->capture_default_str();
      command
          ->add_option("--error-rate", options.error_rate,
                       "probability 0..1 that a request fails with a 500")
          ->capture_default_str();
      command->add_option("--latency-ms", options.latency_ms, "milliseconds added to every answer")
          ->capture_default_str();
      command
          ->add_option("--slow-rate", options.slow_rate,
                       "probability 0..1 that a request waits --slow-ms more")
          ->capture_default_str();
      command->add_option("--slow-ms", options.slow_ms, "milliseconds a slow answer waits")
          ->capture_default_str();
      command->add_option("--record-requests", options.record_requests_file,
                          "append every request (method, target, headers, body) to this file "
                          "as JSON lines");
      command->add_option("--fault-seed", options.fault_seed, "seed of the fault dice (0: clock)");
      command->add_option("--threads", options.threads, "HTTP worker threads")
          ->capture_default_str();
      command->callback([flags] {
        for (const auto& text : flags->secrets) {
          flags->options.secrets.push_back(split_pair(text, "--secret"));
        }
        for (const auto& text : flags->executions) {
          flags->options.query_executions.push_back(split_pair(text, "--query-execution"));
        }
        if (flags->options.throttle_rate < 0 || flags->options.error_rate < 0 ||
            flags->options.throttle_rate + flags->options.error_rate > 1) {
          throw common::UserError(
              "--throttle-rate and --error-rate must be within 0..1 and sum to at most 1");
        }
        if (flags->options.slow_rate < 0 || flags->options.slow_rate > 1 ||
            flags->options.slow_ms < 0 || flags->options.latency_ms < 0) {
          throw common::UserError(
              "--slow-rate must be within 0..1, --slow-ms and --latency-ms at least 0");
        }
        serve(flags->options);
      });
    }};

}  // namespace
}  // namespace larkbase::cli
