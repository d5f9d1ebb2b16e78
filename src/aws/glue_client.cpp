#include "aws/glue_client.hpp"

#include <algorithm>

namespace larkbase::aws {
namespace {

constexpr size_t kBatchDeleteLimit = 100;

std::string next_token(const common::Json& output) {
  auto it = output.find("NextToken");
  return it != output.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

GlueClient::GlueClient(AwsConfig config, std::string catalog_id)
    : GlueClient(std::make_shared<AwsTransport>(std::move(config)), std::move(catalog_id)) {}

GlueClient::GlueClient(std::shared_ptr<AwsTransport> transport, std::string catalog_id)
    : transport_(std::move(transport)), catalog_id_(std::move(catalog_id)) {}

common::Json GlueClient::with_catalog(common::Json input) const {
  if (!catalog_id_.empty()) input["CatalogId"] = catalog_id_;
  return input;
}

common::Json GlueClient::call(const std::string& operation, common::Json input) {
  return transport_->call_json(AwsService::kGlue, operation, with_catalog(std::move(input)));
}

std::vector<GlueDatabase> GlueClient::get_databases() {
  std::vector<GlueDatabase> databases;
  std::string token;
  do {
    common::Json input{{"MaxResults", page_size_}};
    if (!token.empty()) input["NextToken"] = token;
    common::Json output = call("GetDatabases", std::move(input));
    transport_->stats().add_page();
    for (const auto& database : output.value("DatabaseList", common::Json::array())) {
      databases.push_back(glue_database_from_json(database));
    }
    token = next_token(output);
  } while (!token.empty());
  return databases;
}

GlueDatabase GlueClient::get_database(const std::string& name) {
  common::Json output = call("GetDatabase", {{"Name", name}});
  return glue_database_from_json(output.value("Database", common::Json::object()));
}

void GlueClient::create_database(const GlueDatabase& database) {
  call("CreateDatabase", {{"DatabaseInput", to_database_input(database)}});
}

void GlueClient::update_database(const std::string& name, const GlueDatabase& database) {
  call("UpdateDatabase", {{"Name", name}, {"DatabaseInput", to_database_input(database)}});
}

void GlueClient::delete_database(const std::string& name) {
  call("DeleteDatabase", {{"Name", name}});
}

std::vector<GlueTable> GlueClient::get_tables(const std::string& database,
                                              const std::string& expression) {
  std::vector<GlueTable> tables;
  std::string token;
  do {
    common::Json input{{"DatabaseName", database}, {"MaxResults", page_size_}};
    if (!expression.empty()) input["Expression"] = expression;
    if (!token.empty()) input["NextToken"] = token;
    common::Json output = call("GetTables", std::move(input));
    transport_->stats().add_page();
    for (const auto& table : output.value("TableList", common::Json::array())) {
      tables.push_back(glue_table_from_json(table));
    }
    token = next_token(output);
  } while (!token.empty());
  return tables;
}

GlueTable GlueClient::get_table(const std::string& database, const std::string& name) {
  common::Json output = call("GetTable", {{"DatabaseName", database}, {"Name", name}});
  return glue_table_from_json(output.value("Table", common::Json::object()));
}

void GlueClient::create_table(const std::string& database, const GlueTable& table) {
  call("CreateTable", {{"DatabaseName", database}, {"TableInput", to_table_input(table)}});
}

void GlueClient::update_table(const std::string& database, const GlueTable& table) {
  call("UpdateTable", {{"DatabaseName", database}, {"TableInput", to_table_input(table)}});
}

void GlueClient::delete_table(const std::string& database, const std::string& name) {
  call("DeleteTable", {{"DatabaseName", database}, {"Name", name}});
}

std::vector<GlueTableError> GlueClient::batch_delete_table(const std::string& database,
                                                           const std::vector<std::string>& names) {
  std::vector<GlueTableError> failures;
  for (size_t start = 0; start < names.size(); start += kBatchDeleteLimit) {
    size_t end = std::min(names.size(), start + kBatchDeleteLimit);
    common::Json chunk(
        std::vector<std::string>(names.begin() + long(start), names.begin() + long(end)));
    common::Json output =
        call("BatchDeleteTable", {{"DatabaseName", database}, {"TablesToDelete", chunk}});
    for (const auto& error : output.value("Errors", common::Json::array())) {
      common::Json detail = error.value("ErrorDetail", common::Json::object());
      failures.push_back(GlueTableError{error.value("TableName", std::string()),
                                        detail.value("ErrorCode", std::string()),
                                        detail.value("ErrorMessage", std::string())});
    }
  }
  return failures;
}

}  // namespace larkbase::aws
