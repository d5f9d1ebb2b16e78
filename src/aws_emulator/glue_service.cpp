#include "aws_emulator/glue_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <regex>

#include "common/base64.hpp"

namespace larkbase::aws_emulator {
namespace {

using common::Json;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return text;
}

double now_seconds() {
  return double(std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count()) /
         1000.0;
}

std::string required_string(const Json& input, const char* key) {
  auto it = input.find(key);
  if (it == input.end() || !it->is_string() || it->get<std::string>().empty()) {
    throw ServiceError{400, "ValidationException",
                       fmt::format("1 validation error detected: Value null at '{}' failed to "
                                   "satisfy constraint: Member must not be null",
                                   key)};
  }
  return it->get<std::string>();
}

const Json& required_object(const Json& input, const char* key) {
  auto it = input.find(key);
  if (it == input.end() || !it->is_object()) {
    throw ServiceError{400, "ValidationException",
                       fmt::format("1 validation error detected: Value null at '{}' failed to "
                                   "satisfy constraint: Member must not be null",
                                   key)};
  }
  return *it;
}

int max_results(const Json& input) {
  int value = input.value("MaxResults", 100);
  if (value < 1 || value > 1000) {
    throw ServiceError{400, "ValidationException",
                       "1 validation error detected: Value at 'maxResults' failed to satisfy "
                       "constraint: Member must have value between 1 and 1000"};
  }
  return value;
}

// NextToken: the base64 of the last name returned.
std::string token_start(const Json& input) {
  std::string token = input.value("NextToken", std::string());
  if (token.empty()) return "";
  try {
    return common::base64_decode(token);
  } catch (const std::exception&) {
    throw ServiceError{400, "InvalidInputException", "Invalid pagination token"};
  }
}

Json table_wire(const Json& table_input, const std::string& database, const std::string& account,
                double create_time) {
  aws::GlueTable table = aws::glue_table_from_json(table_input);
  table.name = lower(table.name);
  table.database_name = database;
  table.catalog_id = account;
  Json wire = aws::to_json(table);
  wire["CreateTime"] = create_time;
  wire["UpdateTime"] = now_seconds();
  wire["IsRegisteredWithLakeFormation"] = false;
  return wire;
}

}  // namespace

GlueService::Database& GlueService::database(const std::string& name) {
  auto it = databases_.find(lower(name));
  if (it == databases_.end()) {
    throw ServiceError{400, "EntityNotFoundException", fmt::format("Database {} not found.", name)};
  }
  return it->second;
}

Json GlueService::database_json(const Database& database) const {
  Json json = aws::to_json(database.database);
  json["CatalogId"] = account_id_;
  json["CreateTime"] = database.create_time;
  return json;
}

std::vector<std::string> GlueService::database_names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [name, database] : databases_) names.push_back(name);
  return names;
}

Json GlueService::create_database(const Json& input) {
  aws::GlueDatabase database =
      aws::glue_database_from_json(required_object(input, "DatabaseInput"));
  if (database.name.empty()) required_string(Json::object(), "DatabaseInput.Name");
  database.name = lower(database.name);
  database.catalog_id.clear();
  if (databases_.contains(database.name)) {
    throw ServiceError{400, "AlreadyExistsException", fmt::format("Database already exists.")};
  }
  Database entry{std::move(database), now_seconds(), {}};
  databases_.emplace(entry.database.name, std::move(entry));
  return Json::object();
}

Json GlueService::get_databases(const Json& input) {
  int limit = max_results(input);
  std::string after = token_start(input);
  Json list = Json::array();
  std::string last;
  bool more = false;
  for (auto it = after.empty() ? databases_.begin() : databases_.upper_bound(after);
       it != databases_.end(); ++it) {
    if (int(list.size()) == limit) {
      more = true;
      break;
    }
    list.push_back(database_json(it->second));
    last = it->first;
  }
  Json output{{"DatabaseList", list}};
  if (more) output["NextToken"] = common::base64_encode(last);
  return output;
}

Json GlueService::get_tables(const Json& input) {
  Database& db = database(required_string(input, "DatabaseName"));
  int limit = max_results(input);
  std::string after = token_start(input);
  std::string expression = input.value("Expression", std::string());
  std::optional<std::regex> pattern;
  if (!expression.empty()) {
    try {
      // Glue's expression: a regex where '*' also works as a wildcard.
      pattern.emplace(expression == "*" ? ".*" : expression, std::regex::icase);
    } catch (const std::regex_error&) {
      throw ServiceError{400, "InvalidInputException", "Invalid table name expression"};
    }
  }
  Json list = Json::array();
  std::string last;
  bool more = false;
  for (auto it = after.empty() ? db.tables.begin() : db.tables.upper_bound(after);
       it != db.tables.end(); ++it) {
    if (pattern && !std::regex_match(it->first, *pattern)) continue;
    if (int(list.size()) == limit) {
      more = true;
      break;
    }
    list.push_back(it->second);
    last = it->first;
  }
  Json output{{"TableList", list}};
  if (more) output["NextToken"] = common::base64_encode(last);
  return output;
}

Json GlueService::create_table(const Json& input) {
  Database& db = database(required_string(input, "DatabaseName"));
  const Json& table_input = required_object(input, "TableInput");
  std::string name = lower(required_string(table_input, "Name"));
  if (db.tables.contains(name)) {
    throw ServiceError{400, "AlreadyExistsException", fmt::format("Table already exists.")};
  }
  db.tables[name] = table_wire(table_input, db.database.name, account_id_, now_seconds());
  return Json::object();
}

Json GlueService::update_table(const Json& input) {
  Database& db = database(required_string(input, "DatabaseName"));
  const Json& table_input = required_object(input, "TableInput");
  std::string name = lower(required_string(table_input, "Name"));
  auto it = db.tables.find(name);
  if (it == db.tables.end()) {
    throw ServiceError{400, "EntityNotFoundException", fmt::format("Table {} not found.", name)};
  }
  double created = it->second.value("CreateTime", now_seconds());
  it->second = table_wire(table_input, db.database.name, account_id_, created);
  return Json::object();
}

Json GlueService::batch_delete_table(const Json& input) {
  Database& db = database(required_string(input, "DatabaseName"));
  auto names = input.value("TablesToDelete", Json::array());
  if (names.size() > 100) {
    throw ServiceError{400, "ValidationException",
                       "1 validation error detected: Value at 'tablesToDelete' failed to satisfy "
                       "constraint: Member must have length less than or equal to 100"};
  }
  Json errors = Json::array();
  for (const auto& name : names) {
    std::string key = lower(name.get<std::string>());
    if (db.tables.erase(key) == 0) {
      errors.push_back({{"TableName", name},
                        {"ErrorDetail",
                         {{"ErrorCode", "EntityNotFoundException"},
                          {"ErrorMessage", fmt::format("Table {} not found.", key)}}}});
    }
  }
  return Json{{"Errors", errors}};
}

void GlueService::check_catalog(const std::string& operation, const Json& input) const {
  auto catalog = input.find("CatalogId");
  if (catalog == input.end()) return;  // the caller's own account
  if (!catalog->is_string() || catalog->get<std::string>().empty()) {
    throw ServiceError{400, "ValidationException",
                       "1 validation error detected: Value at 'catalogId' failed to satisfy "
                       "constraint: Member must have length greater than or equal to 1"};
  }
  if (catalog->get<std::string>() == account_id_) return;
  // Another account's catalog: the emulated caller holds no grant on it.
  throw ServiceError{
      400, "AccessDeniedException",
      fmt::format("User: arn:aws:iam::{}:user/emulator is not authorized to perform: "
                  "glue:{} on resource: arn:aws:glue:{}:{}:catalog",
                  account_id_, operation, region_, catalog->get<std::string>())};
}

Json GlueService::call(const std::string& operation, const Json& input) {
  std::lock_guard lock(mutex_);
  check_catalog(operation, input);
  if (operation == "GetDatabases") return get_databases(input);
  if (operation == "GetDatabase") {
    return Json{{"Database", database_json(database(required_string(input, "Name")))}};
  }
  if (operation == "CreateDatabase") return create_database(input);
  if (operation == "UpdateDatabase") {
    Database& db = database(required_string(input, "Name"));
    aws::GlueDatabase update =
        aws::glue_database_from_json(required_object(input, "DatabaseInput"));
    update.name = db.database.name;  // renames are not supported by Glue either
    update.catalog_id.clear();
    db.database = std::move(update);
    return Json::object();
  }
  if (operation == "DeleteDatabase") {
    std::string name = lower(required_string(input, "Name"));
    database(name);
    databases_.erase(name);
    return Json::object();
  }
  if (operation == "GetTables") return get_tables(input);
  if (operation == "GetTable") {
    Database& db = database(required_string(input, "DatabaseName"));
    std::string name = lower(required_string(input, "Name"));
    auto it = db.tables.find(name);
    if (it == db.tables.end()) {
      throw ServiceError{400, "EntityNotFoundException", fmt::format("Table {} not found.", name)};
    }
    return Json{{"Table", it->second}};
  }
  if (operation == "CreateTable") return create_table(input);
  if (operation == "UpdateTable") return update_table(input);
  if (operation == "DeleteTable") {
    Database& db = database(required_string(input, "DatabaseName"));
    std::string name = lower(required_string(input, "Name"));
    if (db.tables.erase(name) == 0) {
      throw ServiceError{400, "EntityNotFoundException", fmt::format("Table {} not found.", name)};
    }
    return Json::object();
  }
  if (operation == "BatchDeleteTable") return batch_delete_table(input);
  throw ServiceError{400, "UnknownOperationException",
                     fmt::format("The emulator does not implement Glue {}", operation)};
}

void GlueService::load(const Json& seed) {
  for (const auto& entry : seed.value("databases", Json::array())) {
    Json database_input = entry;
    database_input.erase("Tables");
    call("CreateDatabase", {{"DatabaseInput", database_input}});
    for (const auto& table : entry.value("Tables", Json::array())) {
      call("CreateTable", {{"DatabaseName", entry.at("Name")}, {"TableInput", table}});
    }
  }
}

}  // namespace larkbase::aws_emulator
