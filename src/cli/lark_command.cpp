// `larkbase lark ...`: explore a Lark Base (or the emulator) from the shell:
// list tables, fields and Drive folders, and run a records search, printing
// one JSON document or an aligned text table on stdout.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_registry.hpp"
#include "cli/result_format.hpp"
#include "cli/text_table.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "lark/bitable_client.hpp"
#include "lark/drive_client.hpp"
#include "lark/lark_client.hpp"

namespace larkbase::cli {
namespace {

using common::Json;

struct LarkOptions {
  std::string api_url, app_id, app_secret;
  std::string output = "json";
  bool stats = false;
  std::string base, table, folder;
  std::string filter, sort, fields;
  long long limit = -1;
  int page_size = 0;
  bool automatic_fields = false;
  std::string view;
};

lark::LarkConfig make_config(const LarkOptions& options) {
  lark::LarkConfig config = lark::LarkConfig::from_env();
  if (!options.api_url.empty()) config.api_url = lark::normalize_api_url(options.api_url);
  if (!options.app_id.empty()) config.app_id = options.app_id;
  if (!options.app_secret.empty()) config.app_secret = options.app_secret;
  if (options.page_size > 0) config.search_page_size = options.page_size;
  return config;
}

// A short, readable text for one Lark cell value in table output.
std::string cell_text(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return value.dump();
  if (value.is_object()) {
    if (value.contains("link_record_ids")) return cell_text(value["link_record_ids"]);
    if (value.contains("value") && value.contains("type")) return cell_text(value["value"]);
    if (value.contains("text")) return cell_text(value["text"]);
    if (value.contains("name")) return cell_text(value["name"]);
    if (value.contains("full_address")) return cell_text(value["full_address"]);
    return value.dump();
  }
  // Text segments concatenate; other lists join with commas.
  bool segments = !value.empty() && std::all_of(value.begin(), value.end(), [](const Json& item) {
    return item.is_object() && item.contains("text") && item.contains("type");
  });
  std::string out;
  for (const auto& item : value) {
    if (!out.empty() && !segments) out += ", ";
    out += cell_text(item);
  }
  return out;
}

void print_json(const Json& document) { std::puts(document.dump(2).c_str()); }

void finish(const LarkOptions& options, lark::LarkClient& client) {
  if (options.stats) {
    std::fprintf(stderr, "lark calls: %s\n", client.stats().snapshot().to_string().c_str());
  }
}

void run_tables(const LarkOptions& options) {
  lark::LarkClient client(make_config(options));
  lark::BitableClient bitable(client);
  auto tables = bitable.list_tables(options.base);
  if (options.output == "json") {
    Json out = Json::array();
    for (const auto& table : tables) out.push_back(lark::to_json(table));
    print_json(Json{{"base", options.base}, {"tables", out}});
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& table : tables) {
      rows.push_back({table.table_id, table.name, std::to_string(table.revision)});
    }
    print_text_table({"table_id", "name", "revision"}, rows);
  }
  finish(options, client);
}

void run_fields(const LarkOptions& options) {
  lark::LarkClient client(make_config(options));
  lark::BitableClient bitable(client);
  auto fields = bitable.list_fields(options.base, options.table);
  if (options.output == "json") {
    Json out = Json::array();
    for (const auto& field : *fields) out.push_back(field.raw);
    print_json(Json{{"base", options.base}, {"table", options.table}, {"fields", out}});
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& field : *fields) {
      rows.push_back({field.field_id, field.field_name, std::to_string(field.type), field.ui_type,
                      field.is_primary ? "yes" : ""});
    }
    print_text_table({"field_id", "field_name", "type", "ui_type", "primary"}, rows);
  }
  finish(options, client);
}

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> names;
  std::stringstream stream(text);
  std::string name;
  while (std::getline(stream, name, ',')) {
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

void run_search(const LarkOptions& options) {
  lark::LarkClient client(make_config(options));
  lark::BitableClient bitable(client);
  lark::SearchRequest request;
  request.app_token = options.base;
  request.table_id = options.table;
  if (!options.filter.empty())
    request.query.filter = common::parse_json(options.filter, "--filter");
  if (!options.sort.empty()) request.query.sort = common::parse_json(options.sort, "--sort");
  if (!options.fields.empty()) request.query.field_names = split_names(options.fields);
  request.view_id = options.view;
  request.automatic_fields = options.automatic_fields;
  request.query.page_size = client.config().search_page_size;
  if (options.limit >= 0 && options.limit < request.query.page_size) {
    request.query.page_size = int(std::max<long long>(1, options.limit));
  }

  // Records are printed page by page (json) or kept up to the table cap (table), so
  // memory does not grow with the table. --limit stops paging on purpose: the output
  // says how many matched in all.
  const bool json = options.output == "json";
  if (json) {
    std::string head = "{\"base\":" + Json(options.base).dump() +
                       ",\"table\":" + Json(options.table).dump() + ",\"records\":[";
    std::fwrite(head.data(), 1, head.size(), stdout);
  }
  std::vector<Json> kept;  // table output: at most kTableRowCap records
  long long count = 0;
  int64_t total = -1;
  auto search = bitable.search(request);
  while (options.limit < 0 || count < options.limit) {
    auto page = search.next();
    if (!page) break;
    if (page->total >= 0) total = page->total;
    for (auto& item : lark::search_page_items(*page)) {
      if (options.limit >= 0 && count >= options.limit) break;
      count += 1;
      if (json) {
        std::string text =
            (count > 1 ? ",\n" : "\n") + item.dump(-1, ' ', false, Json::error_handler_t::replace);
        std::fwrite(text.data(), 1, text.size(), stdout);
      } else if (kept.size() < kTableRowCap) {
        kept.push_back(std::move(item));
      }
    }
  }

  if (json) {
    std::printf("\n],\"total\":%lld,\"pages\":%lld}\n", (long long)total,
                (long long)search.pages());
  } else {
    std::vector<std::string> header = {"record_id"};
    if (request.query.field_names) {
      header.insert(header.end(), request.query.field_names->begin(),
                    request.query.field_names->end());
    } else {
      // Columns in order of first appearance (empty cells are absent from a record).
      for (const auto& record : kept) {
        auto cells = record.find("fields");
        if (cells == record.end() || !cells->is_object()) continue;
        for (auto it = cells->begin(); it != cells->end(); ++it) {
          if (std::find(header.begin() + 1, header.end(), it.key()) == header.end()) {
            header.push_back(it.key());
          }
        }
      }
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& record : kept) {
      Json cells = record.value("fields", Json::object());
      std::vector<std::string> row = {record.value("record_id", std::string())};
      for (size_t i = 1; i < header.size(); ++i) {
        row.push_back(cells.contains(header[i]) ? cell_text(cells[header[i]]) : "");
      }
      rows.push_back(std::move(row));
    }
    print_text_table(header, rows);
    std::fflush(stdout);
    if ((long long)kept.size() < count) {
      std::fprintf(stderr, "(the first %zu of %lld records shown: --output json prints all)\n",
                   kept.size(), count);
    }
    std::fprintf(stderr, "%lld of %lld matching records\n", count, (long long)total);
  }
  finish(options, client);
}

void run_drive(const LarkOptions& options) {
  lark::LarkClient client(make_config(options));
  auto files = lark::list_folder(client, options.folder);
  if (options.output == "json") {
    Json out = Json::array();
    for (const auto& file : files) out.push_back(lark::to_json(file));
    print_json(Json{{"folder", options.folder}, {"files", out}});
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& file : files) {
      rows.push_back({file.token, file.type, file.name, file.modified_time});
    }
    print_text_table({"token", "type", "name", "modified_time"}, rows);
  }
  finish(options, client);
}

void setup(CLI::App& app) {
  auto options = std::make_shared<LarkOptions>();
  auto* lark = app.add_subcommand("lark", "Explore Lark Base and Drive through the Open API");
  lark->require_subcommand(1);
  lark->add_option("--api-url", options->api_url,
                   "Lark Open API base URL, 'lark' or 'feishu' (env LARK_API_URL; default "
                   "https://open.larksuite.com)");
  lark->add_option("--app-id", options->app_id, "app id (env LARK_APP_ID)");
  lark->add_option("--app-secret", options->app_secret,
                   "app secret (env LARK_APP_SECRET; prefer the environment)");
  lark->add_option("--output", options->output,
                   "json (one document; search streams its records) or table (search: at most "
                   "the first 10000 records)")
      ->check(CLI::IsMember({"json", "table"}));
  lark->add_flag("--stats", options->stats, "print API call counts to stderr");

  auto* tables = lark->add_subcommand("tables", "List the tables of a base");
  tables->add_option("--base", options->base, "base (app token)")->required();
  tables->callback([options] { run_tables(*options); });

  auto* fields = lark->add_subcommand("fields", "List the fields of a table");
  fields->add_option("--base", options->base, "base (app token)")->required();
  fields->add_option("--table", options->table, "table id")->required();
  fields->callback([options] { run_fields(*options); });

  auto* search = lark->add_subcommand("search", "Search the records of a table");
  search->add_option("--base", options->base, "base (app token)")->required();
  search->add_option("--table", options->table, "table id")->required();
  search->add_option("--filter", options->filter, "Lark filter JSON");
  search->add_option("--sort", options->sort, "Lark sort JSON, e.g. [{\"field_name\":\"x\"}]");
  search->add_option("--fields", options->fields, "field names to return, comma-separated");
  search->add_option("--limit", options->limit, "stop after this many records");
  search->add_option("--page-size", options->page_size, "records per page (1..500)");
  search->add_option("--view", options->view, "view id (ignored by Lark with filter/sort)");
  search->add_flag("--automatic-fields", options->automatic_fields,
                   "also return created/modified time and user");
  search->callback([options] { run_search(*options); });

  auto* drive = lark->add_subcommand("drive", "List the files of a Drive folder");
  drive->add_option("--folder", options->folder, "folder token")->required();
  drive->callback([options] { run_drive(*options); });

  // Global options may also follow the subcommand: `lark search ... --output table`.
  for (auto* sub : {tables, fields, search, drive}) sub->fallthrough();
}

const CommandRegistration kLark{"lark", setup};

}  // namespace
}  // namespace larkbase::cli
