#include "catalog/catalog_store_glue.hpp"

#include <fmt/format.h>

#include "aws/aws_error.hpp"
#include "common/error.hpp"
#include "common/error_context.hpp"

namespace larkbase::catalog {
namespace {

std::string describe_glue(const aws::AwsConfig& config, const std::string& catalog_id) {
  std::string text = fmt::format("AWS Glue catalog ({}{})", config.region,
                                 catalog_id.empty() ? "" : ", catalog " + catalog_id);
  if (config.endpoint_overridden(aws::AwsService::kGlue)) {
    text += " at " + config.endpoint(aws::AwsService::kGlue);
  }
  return text;
}

std::string table_what(const std::string& database, const std::string& name) {
  return fmt::format("Glue table {}.{}", database, name);
}

}  // namespace

StoredDatabase to_stored(const aws::GlueDatabase& database) {
  return database_from_glue_json(aws::to_json(database), "Glue database");
}

StoredTable to_stored(const aws::GlueTable& table, const std::string& database) {
  return table_from_glue_json(aws::to_json(table), database, "Glue table of " + database);
}

aws::GlueDatabase to_glue(const StoredDatabase& database) {
  return aws::glue_database_from_json(to_glue_json(database));
}

aws::GlueTable to_glue(const StoredTable& table) {
  return aws::glue_table_from_json(to_glue_json(table));
}

namespace {

aws::AwsTransportDeps with_deadline(std::shared_ptr<common::SharedDeadline> deadline) {
  aws::AwsTransportDeps deps;
  deps.deadline = std::move(deadline);
  return deps;
}

}  // namespace

GlueCatalogStore::GlueCatalogStore(aws::AwsConfig config, std::string catalog_id,
                                   std::shared_ptr<common::SharedDeadline> deadline)
    : description_(describe_glue(config, catalog_id)),
      glue_(std::make_shared<aws::AwsTransport>(std::move(config),
                                                with_deadline(std::move(deadline))),
            std::move(catalog_id)) {}

std::vector<StoredDatabase> GlueCatalogStore::list_databases() {
  ++counts_.reads;
  std::vector<StoredDatabase> list;
  for (const auto& database :
       common::with_context("Glue databases", [&] { return glue_.get_databases(); })) {
    list.push_back(to_stored(database));
  }
  return list;
}

std::vector<StoredTable> GlueCatalogStore::list_tables(const std::string& database) {
  ++counts_.reads;
  std::vector<aws::GlueTable> tables;
  try {
    tables = glue_.get_tables(database);
  } catch (const aws::AwsError& error) {
    // A missing database holds no tables (the file backend's answer too).
    if (error.not_found()) return {};
    std::rethrow_exception(common::same_kind_error(
        error, fmt::format("Glue tables of database {}: {}", database, error.what())));
  }
  std::vector<StoredTable> list;
  for (const auto& table : tables) list.push_back(to_stored(table, database));
  return list;
}

std::optional<StoredTable> GlueCatalogStore::get_table(const std::string& database,
                                                       const std::string& name) {
  ++counts_.reads;
  try {
    return to_stored(glue_.get_table(database, name), database);
  } catch (const aws::AwsError& error) {
    if (error.not_found()) return std::nullopt;
    std::rethrow_exception(common::same_kind_error(
        error, fmt::format("{}: {}", table_what(database, name), error.what())));
  }
}

void GlueCatalogStore::create_database(const StoredDatabase& database) {
  ++counts_.writes;
  common::with_context("Glue database " + database.name,
                       [&] { glue_.create_database(to_glue(database)); });
}

void GlueCatalogStore::update_database(const StoredDatabase& database) {
  ++counts_.writes;
  common::with_context("Glue database " + database.name,
                       [&] { glue_.update_database(database.name, to_glue(database)); });
}

void GlueCatalogStore::delete_database(const std::string& name) {
  std::string what = "Glue database " + name;
  ++counts_.reads;
  // Glue deletes a database's tables with it; this store deletes only empty ones.
  if (!common::with_context(what, [&] { return glue_.get_tables(name); }).empty()) {
    throw common::UserError(fmt::format("{} still holds tables; it is not deleted", what));
  }
  ++counts_.writes;
  common::with_context(what, [&] { glue_.delete_database(name); });
}

void GlueCatalogStore::create_table(const StoredTable& table) {
  ++counts_.writes;
  common::with_context(table_what(table.database, table.name),
                       [&] { glue_.create_table(table.database, to_glue(table)); });
}

void GlueCatalogStore::update_table(const StoredTable& table) {
  ++counts_.writes;
  common::with_context(table_what(table.database, table.name),
                       [&] { glue_.update_table(table.database, to_glue(table)); });
}

std::map<std::string, std::string> GlueCatalogStore::delete_tables(
    const std::string& database, const std::vector<std::string>& names) {
  std::map<std::string, std::string> errors;
  if (names.empty()) return errors;
  ++counts_.writes;
  auto failures = common::with_context("Glue tables of database " + database,
                                       [&] { return glue_.batch_delete_table(database, names); });
  for (const auto& failure : failures) {
    errors[failure.table_name] = fmt::format("{}: {}", failure.code, failure.message);
  }
  return errors;
}

}  // namespace larkbase::catalog
