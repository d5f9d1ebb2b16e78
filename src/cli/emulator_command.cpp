// `larkbase emulator`: a local Lark Open API server. The first stdout line is
// the handshake JSON (url, credentials, Bases, control table, Drive folder);
// nothing else goes to stdout. Runs until SIGTERM or SIGINT.
#include <memory>

#include "cli/command_registry.hpp"
#include "cli/serve_until_signal.hpp"
#include "common/error.hpp"
#include "emulator/options.hpp"
#include "emulator/server.hpp"

namespace larkbase::cli {
namespace {

struct EmulatorFlags {
  emulator::EmulatorOptions options;
  std::string error_status = "200";
  std::string text_case;
  std::string multi_value_is;
  std::string day_boundary;
  std::string time_zone;
  std::string week_start;
  std::string empty_sort;
};

void apply_semantics_flags(EmulatorFlags& flags) {
  auto& settings = flags.options.semantics.settings;
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) settings.emplace_back(key, value);
  };
  add("case", flags.text_case);
  add("multi_is", flags.multi_value_is);
  add("day", flags.day_boundary);
  add("tz", flags.time_zone);
  add("week_start", flags.week_start);
  add("empty", flags.empty_sort);
  if (flags.error_status == "200") {
    flags.options.error_status = emulator::ErrorStatusMode::k200;
  } else if (flags.error_status == "4xx") {
    flags.options.error_status = emulator::ErrorStatusMode::k4xx;
  } else {
    throw common::UserError("--error-status must be 200 or 4xx");
  }
}

void serve(emulator::EmulatorOptions options) {
  emulator::EmulatorServer server(std::move(options));
  serve_until_signal(server);
}

const CommandRegistration kEmulator{
    "emulator", [](CLI::App& app) {
      auto flags = std::make_shared<EmulatorFlags>();
      auto& options = flags->options;
      auto* command = app.add_subcommand("emulator", "Run a local Lark Open API emulator");
      command->add_option("--port", options.port, "TCP port; 0 picks a free one")
          ->capture_default_str();
      command->add_option("--host", options.host, "address to listen on")->capture_default_str();
      command->add_option("--dataset", options.dataset_files,
                          "dataset JSON file (repeatable; see docs/emulator.md)");
      command->add_flag("--demo", options.demo, "load the generated demo dataset");
      command->add_option("--rows", options.demo_rows, "records in the demo orders table")
          ->capture_default_str();
      command->add_option("--seed", options.demo_seed, "demo data seed")->capture_default_str();
      command
          ->add_option("--latency-ms", options.latency_ms,
                       "milliseconds added to every business response")
          ->capture_default_str();
      command
          ->add_option("--rate-limit", options.rate_limit,
                       "requests per second per app (0: unlimited); over it: HTTP 429")
          ->capture_default_str();
      command
          ->add_option("--fault-rate", options.fault_rate,
                       "probability 0..1 that a Bitable call fails with a transient error")
          ->capture_default_str();
      command->add_option("--fault-seed", options.fault_seed, "seed of the fault dice (0: clock)");
      command
          ->add_option("--token-ttl", options.token_ttl_seconds,
                       "tenant_access_token lifetime in seconds")
          ->capture_default_str();
      command->add_option(
          "--app-id", options.app_id,
          "app id clients authenticate with (default: dataset's, else cli_emulator)");
      command->add_option("--app-secret", options.app_secret,
                          "app secret (default: dataset's, else emulator-secret)");
      command
          ->add_option("--threads", options.threads,
                       "HTTP worker threads kept ready (more are added while connections wait)")
          ->capture_default_str();
      command
          ->add_option("--read-timeout-ms", options.read_timeout_ms,
                       "close a connection that stalls mid-request or idles this long")
          ->capture_default_str();
      command
          ->add_option("--error-status", flags->error_status,
                       "HTTP status of Bitable business errors: 200 or 4xx")
          ->capture_default_str();
      command->add_option("--text-case", flags->text_case,
                          "filter text comparison: sensitive or insensitive");
      command->add_flag_callback(
          "--text-case-insensitive", [flags] { flags->text_case = "insensitive"; },
          "same as --text-case=insensitive");
      command->add_option("--multi-value-is", flags->multi_value_is,
                          "`is` on multi-valued cells: exact, all or any");
      command->add_option("--day-boundary", flags->day_boundary,
                          "isGreater/isLess on dates: whole (day) or start (of day)");
      command->add_option("--time-zone", flags->time_zone,
                          "the Base's time zone, e.g. Asia/Shanghai");
      command->add_option("--week-start", flags->week_start, "monday or sunday");
      command->add_option("--empty-sort", flags->empty_sort,
                          "empty cells sort last or first when ascending");
      command->add_option("--search-semantics", options.semantics.spec,
                          "more filter semantics as key=value,key=value");
      command->callback([flags] {
        apply_semantics_flags(*flags);
        serve(flags->options);
      });
    }};

}  // namespace
}  // namespace larkbase::cli
