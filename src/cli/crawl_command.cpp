// `larkbase crawl`: register the Lark tables of a control table's bases or of
// a Drive folder's bitables in a catalog (AWS Glue or a local catalog file),
// creating, updating or skipping each one; prints what it did (text or JSON)
// on stdout and its progress on stderr. Exit code 3 when any item failed.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/command_registry.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "crawler/crawl_job.hpp"
#include "crawler/crawl_request.hpp"
#include "lark/lark_config.hpp"

namespace larkbase::cli {
namespace {

struct CrawlFlags {
  std::string api_url, app_id, app_secret;
  std::string control_table, drive_folder, event;
  std::string catalog = "glue";
  std::string catalog_id;
  std::string format = "text";
  bool dry_run = false;
  bool prune = false;
  bool quiet = false;
};

crawler::CrawlRequest make_request(const CrawlFlags& flags) {
  int given = !flags.control_table.empty() + !flags.drive_folder.empty() + !flags.event.empty();
  if (given != 1) {
    throw common::UserError(
        "give exactly one source: --control-table BASE:TABLE, --drive-folder TOKEN or --event "
        "JSON (a crawler Lambda event)");
  }
  crawler::CrawlRequest request;
  if (!flags.event.empty()) {
    request = crawler::parse_crawl_event(common::parse_json(flags.event, "--event"));
  } else if (!flags.control_table.empty()) {
    auto colon = flags.control_table.find(':');
    if (colon == std::string::npos) {
      throw common::UserError("--control-table '" + flags.control_table +
                              "' is not BASE:TABLE; give the control table's base token and "
                              "table id, e.g. --control-table bascnXXXX:tblYYYY");
    }
    request.kind = crawler::SourceKind::kLarkBase;
    request.control_base = flags.control_table.substr(0, colon);
    request.control_table = flags.control_table.substr(colon + 1);
  } else {
    request.kind = crawler::SourceKind::kLarkDrive;
    request.folder_token = flags.drive_folder;
  }
  request.dry_run = request.dry_run || flags.dry_run;
  request.prune = request.prune || flags.prune;
  request.validate();
  return request;
}

void run(const CrawlFlags& flags) {
  auto request = make_request(flags);
  lark::LarkConfig config = lark::LarkConfig::from_env();
  if (!flags.api_url.empty()) config.api_url = lark::normalize_api_url(flags.api_url);
  if (!flags.app_id.empty()) config.app_id = flags.app_id;
  if (!flags.app_secret.empty()) config.app_secret = flags.app_secret;
  crawler::ProgressFn progress;
  if (!flags.quiet) {
    progress = [](const std::string& line) { std::fprintf(stderr, "crawl: %s\n", line.c_str()); };
  }
  auto summary = crawler::run_crawl(config, request, flags.catalog, progress, flags.catalog_id);
  if (flags.format == "json") {
    std::puts(summary.to_json().dump(2).c_str());
  } else {
    std::fputs(summary.to_text().c_str(), stdout);
  }
  std::fflush(stdout);
  if (!summary.ok()) {
    throw common::ExternalError(fmt::format(
        "the crawl finished with {} failed item(s); each is listed with its reason above",
        summary.failures()));
  }
}

const CommandRegistration kCrawl{
    "crawl", [](CLI::App& app) {
      auto flags = std::make_shared<CrawlFlags>();
      auto* command = app.add_subcommand(
          "crawl", "Register Lark Base tables in a catalog (AWS Glue or a local catalog file)");
      command->add_option("--control-table", flags->control_table,
                          "a Lark control table (rows: id = base token, name = schema), "
                          "BASE:TABLE");
      command->add_option("--drive-folder", flags->drive_folder,
                          "a Drive folder whose bitables are registered");
      command->add_option("--event", flags->event,
                          "a crawler Lambda event (JSON), instead of the source flags");
      command
          ->add_option("--catalog", flags->catalog,
                       "'glue' (AWS Glue) or the path of a local catalog file (JSON)")
          ->envname("LARKBASE_CRAWL_CATALOG")
          ->capture_default_str();
      command
          ->add_option("--catalog-id", flags->catalog_id,
                       "the Glue catalog to write (its account id; Glue's CatalogId on every "
                       "call); default: the caller's account")
          ->envname("LARKBASE_GLUE_CATALOG_ID");
      command->add_flag("--dry-run", flags->dry_run, "read everything, write nothing, report");
      command->add_flag("--prune", flags->prune,
                        "delete this source's tables that Lark no longer lists");
      command->add_option("--format", flags->format, "text or json")
          ->check(CLI::IsMember({"text", "json"}))
          ->capture_default_str();
      command->add_flag("--quiet", flags->quiet, "no progress lines on stderr");
      command->add_option("--api-url", flags->api_url,
                          "Lark Open API base URL, 'lark' or 'feishu' (env LARK_API_URL)");
      command->add_option("--app-id", flags->app_id, "app id (env LARK_APP_ID)");
      command->add_option("--app-secret", flags->app_secret,
                          "app secret (env LARK_APP_SECRET; prefer the environment)");
      command->callback([flags] { run(*flags); });
    }};

}  // namespace
}  // namespace larkbase::cli
