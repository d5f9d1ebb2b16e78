#include "crawler/crawl_request.hpp"

#include <fmt/format.h>

#include <set>

#include "common/error.hpp"

namespace larkbase::crawler {
namespace {

constexpr const char* kShapes =
    "accepted events: {\"handler_type\": \"lark_base\", \"larkBaseDataSourceId\": BASE, "
    "\"larkTableDataSourceId\": TABLE}, {\"handler_type\": \"lark_drive\", "
    "\"larkDriveFolderToken\": FOLDER}, or {\"handlerType\": \"LARK_BASE\"|\"LARK_DRIVE\", "
    "\"payload\": {…the same ids…}}; optional \"dryRun\" and \"prune\" (booleans)";

[[noreturn]] void bad(const std::string& what) {
  throw common::UserError(fmt::format("crawler event: {}; {}", what, kShapes));
}

std::string text_at(const common::Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (!it->is_string()) bad(fmt::format("\"{}\" must be a string", key));
  return it->get<std::string>();
}

bool flag_at(const common::Json& object, const char* key, bool fallback) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) bad(fmt::format("\"{}\" must be true or false", key));
  return it->get<bool>();
}

void reject_unknown_keys(const common::Json& object, const std::set<std::string>& known,
                         std::string_view where) {
  for (const auto& [key, value] : object.items()) {
    if (known.count(key) == 0) bad(fmt::format("unknown key \"{}\" in {}", key, where));
  }
}

SourceKind kind_from(const std::string& name) {
  if (name == "lark_base" || name == "LARK_BASE") return SourceKind::kLarkBase;
  if (name == "lark_drive" || name == "LARK_DRIVE") return SourceKind::kLarkDrive;
  bad(fmt::format("invalid handler type \"{}\"", name));
}

void read_ids(CrawlRequest& request, const common::Json& object) {
  request.control_base = text_at(object, "larkBaseDataSourceId");
  request.control_table = text_at(object, "larkTableDataSourceId");
  request.folder_token = text_at(object, "larkDriveFolderToken");
}

void read_options(CrawlRequest& request, const common::Json& object) {
  request.dry_run = flag_at(object, "dryRun", flag_at(object, "dry_run", request.dry_run));
  request.prune = flag_at(object, "prune", request.prune);
}

}  // namespace

std::string CrawlRequest::method() const {
  return kind == SourceKind::kLarkBase ? "LarkBase" : "LarkDrive";
}

std::string CrawlRequest::data_source() const {
  return kind == SourceKind::kLarkBase ? control_base + ":" + control_table : folder_token;
}

std::string CrawlRequest::describe() const {
  return kind == SourceKind::kLarkBase
             ? fmt::format("control table {} of base {}", control_table, control_base)
             : fmt::format("Drive folder {}", folder_token);
}

void CrawlRequest::validate() const {
  auto check = [](const std::string& value, const char* name, const char* remedy) {
    if (value.empty()) throw common::UserError(fmt::format("{} is missing: {}", name, remedy));
    if (value.find_first_of("/ \t\n") != std::string::npos) {
      throw common::UserError(
          fmt::format("{} '{}' is not an id (it holds a '/' or a space)", name, value));
    }
  };
  if (kind == SourceKind::kLarkBase) {
    check(control_base, "the control table's base token (larkBaseDataSourceId)",
          "give --control-table BASE:TABLE");
    check(control_table, "the control table's id (larkTableDataSourceId)",
          "give --control-table BASE:TABLE");
  } else {
    check(folder_token, "the Drive folder token (larkDriveFolderToken)",
          "give --drive-folder TOKEN");
  }
}

CrawlRequest parse_crawl_event(const common::Json& event) {
  if (!event.is_object()) bad("the event is not a JSON object");
  CrawlRequest request;
  if (event.contains("handlerType")) {
    reject_unknown_keys(event, {"handlerType", "payload", "dryRun", "dry_run", "prune"},
                        "the event");
    auto handler = event["handlerType"];
    if (!handler.is_string()) bad("\"handlerType\" must be a string");
    request.kind = kind_from(handler.get<std::string>());
    auto payload = event.find("payload");
    if (payload == event.end() || !payload->is_object()) bad("\"payload\" must be an object");
    reject_unknown_keys(*payload,
                        {"larkBaseDataSourceId", "larkTableDataSourceId", "larkDriveFolderToken",
                         "dryRun", "dry_run", "prune"},
                        "\"payload\"");
    read_ids(request, *payload);
    read_options(request, event);
    read_options(request, *payload);
  } else if (event.contains("handler_type")) {
    reject_unknown_keys(event,
                        {"handler_type", "larkBaseDataSourceId", "larkTableDataSourceId",
                         "larkDriveFolderToken", "dryRun", "dry_run", "prune"},
                        "the event");
    auto handler = event["handler_type"];
    if (!handler.is_string()) bad("\"handler_type\" must be a string");
    request.kind = kind_from(handler.get<std::string>());
    read_ids(request, event);
    read_options(request, event);
  } else {
    bad("it has neither \"handler_type\" nor \"handlerType\"");
  }
  bool base = request.kind == SourceKind::kLarkBase;
  if (base && !request.folder_token.empty()) {
    bad("larkDriveFolderToken belongs to a lark_drive event, not lark_base");
  }
  if (!base && (!request.control_base.empty() || !request.control_table.empty())) {
    bad("larkBaseDataSourceId/larkTableDataSourceId belong to a lark_base event, not lark_drive");
  }
  request.validate();
  return request;
}

}  // namespace larkbase::crawler
