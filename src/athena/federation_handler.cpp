#include "athena/federation_handler.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "athena/constraints_mapping.hpp"
#include "aws/athena_client.hpp"
#include "aws/aws_config.hpp"
#include "aws/lark_app_secret.hpp"
#include "aws/secrets_manager_client.hpp"
#include "catalog/catalog.hpp"
#include "common/deadline.hpp"
#include "common/error.hpp"
#include "common/error_context.hpp"

namespace larkbase::athena {
namespace {

bool is_throttling(const common::Error& error) {
  const std::string text = error.what();
  return error.kind() == common::ErrorKind::kExternal &&
         (text.find("HTTP 429") != std::string::npos ||
          text.find("99991400") != std::string::npos ||
          text.find("rate limit") != std::string::npos);
}

// {"lark_app_id","lark_app_secret"} from Secrets Manager (reference-java-connector.md
// §1.2), read as the crawler reads it. Failures name the secret and the setting,
// never its content.
aws::LarkAppCredentials read_lark_secret(const AthenaConfig& config,
                                         std::optional<Deadline> deadline) {
  return common::with_context(
      fmt::format("reading the Lark app credentials from the Secrets Manager secret '{}' "
                  "(LARK_APP_ID_SECRET_NAME / default_secret_manager_lark_app_key) failed",
                  config.lark_secret_name),
      [&] {
        aws::SecretsManagerClient secrets(config.aws ? *config.aws : aws::resolve_aws_config());
        secrets.transport().set_deadline(deadline);
        return aws::read_lark_app_secret(secrets, config.lark_secret_name);
      });
}

}  // namespace

std::string error_document(const std::exception& error) {
  WireJson out = WireJson::object();
  const auto* typed = dynamic_cast<const common::Error*>(&error);
  std::string type = "InternalServiceException";
  if (dynamic_cast<const common::DeadlineError*>(&error) != nullptr) {
    // Cut short by the Lambda deadline (whatever the last failure was): retry the call.
    type = "ExternalServiceException";
  } else if (typed && is_throttling(*typed)) {
    type = "com.amazonaws.athena.connector.lambda.exceptions.FederationThrottleException";
  } else if (typed && typed->kind() == common::ErrorKind::kUser) {
    type = std::string(error.what()).find("not supported") != std::string::npos
               ? "OperationNotSupportedException"
               : "InvalidInputException";
  } else if (typed && typed->kind() == common::ErrorKind::kExternal) {
    type = "ExternalServiceException";
  }
  out["errorType"] = type;
  out["errorMessage"] = error.what();
  return out.dump();
}

FederationHandler::FederationHandler(AthenaConfig config,
                                     std::unique_ptr<connector::Connector> connector,
                                     std::shared_ptr<SpillStore> spill_store)
    : config_(std::move(config)),
      connector_(std::move(connector)),
      spill_store_(std::move(spill_store)) {}

std::string FederationHandler::handle(std::string_view request) {
  try {
    const Message parsed = parse_message(request);
    return write_message(respond(parsed));
  } catch (const common::Error&) {
    throw;
  } catch (const std::exception& error) {
    throw common::InternalError(std::string("unexpected failure: ") + error.what());
  }
}

InvocationResult FederationHandler::invoke(std::string_view request) {
  try {
    return {true, handle(request)};
  } catch (const std::exception& error) {
    spdlog::warn("federation request failed: {}", error.what());
    return {false, error_document(error)};
  }
}

InvocationResult FederationHandler::invoke(std::string_view request,
                                           std::optional<Deadline> deadline) {
  set_deadline(deadline);
  InvocationResult result = invoke(request);
  set_deadline(std::nullopt);
  return result;
}

void FederationHandler::set_deadline(std::optional<Deadline> deadline) {
  deadline_ = deadline;
  if (connector_) connector_->set_deadline(deadline_);
  if (spill_store_) spill_store_->set_deadline(deadline_);
}

common::DeadlineError deadline_error(const std::string& table, const std::string& cause) {
  return common::DeadlineError(
      fmt::format("{}: ReadRecords could not finish before the Lambda deadline (less the time "
                  "kept to post the answer), so the split is not answered; Athena retries it. If "
                  "it keeps failing, raise the function's timeout or turn on parallel splits "
                  "(ACTIVATE_PARALLEL_SPLIT) for smaller splits{}{}",
                  table, cause.empty() ? "" : ". Last failure: ", cause));
}

void FederationHandler::check_deadline(const std::string& table) const {
  if (deadline_ && std::chrono::steady_clock::now() >= *deadline_) {
    throw deadline_error(table, "");
  }
}

Message FederationHandler::respond(const Message& request) {
  const std::string& type = request.type;
  if (type == "PingRequest") return ping(request);
  if (type == "GetDataSourceCapabilitiesRequest") return capabilities(request);
  if (type == "ListSchemasRequest") return list_schemas(request);
  if (type == "ListTablesRequest") return list_tables(request);
  if (type == "GetTableRequest") return get_table(request);
  if (type == "GetTableLayoutRequest") return get_table_layout(request);
  if (type == "GetSplitsRequest") return get_splits(request);
  if (type == "ReadRecordsRequest") return read_records(request);
  if (type == "UserDefinedFunctionRequest") {
    throw common::UserError(
        "user-defined functions are not supported by the Lark Base connector (method '" +
        request.body["methodName"].get<std::string>() + "')");
  }
  throw common::UserError(fmt::format(
      "{} is a response, not a request; send a federation request such as PingRequest", type));
}

connector::Connector& FederationHandler::connector() {
  if (!connector_) {
    if (config_.connector.lark.app_id.empty() && !config_.lark_secret_name.empty()) {
      // {"lark_app_id","lark_app_secret"} (reference-java-connector.md §1.2).
      aws::LarkAppCredentials lark = read_lark_secret(config_, deadline_);
      config_.connector.lark.app_id = std::move(lark.app_id);
      config_.connector.lark.app_secret = std::move(lark.app_secret);
    }
    connector_ = connector::Connector::create(config_.connector);
    connector_->set_deadline(deadline_);
  }
  return *connector_;
}

void FederationHandler::check_access(const std::string& schema, const std::string& table) const {
  if (!config_.access.allows(schema, table)) {
    throw common::UserError(fmt::format(
        "table {}.{} is not exposed by this connector (whitelist_tables/blacklist_tables)", schema,
        table));
  }
}

Message FederationHandler::ping(const Message& request) {
  Message out = make_reply(request, "PingResponse");
  out.body["catalogName"] = request.body["catalogName"];
  out.body["queryId"] = request.body["queryId"];
  out.body["sourceType"] = config_.source_type;
  out.body["capabilities"] = kPingCapabilities;
  out.body["serDeVersion"] = kMaxSerdeVersion;
  return out;
}

Message FederationHandler::capabilities(const Message& request) {
  auto subtypes = [](std::vector<std::string> names, WireJson properties = WireJson::array()) {
    WireJson list = WireJson::array();
    for (const std::string& name : names) {
      WireJson item = WireJson::object();
      item["subType"] = name;
      item["properties"] = properties;
      list.push_back(std::move(item));
    }
    return list;
  };
  Message out = make_reply(request, "GetDataSourceCapabilitiesResponse");
  out.body["catalogName"] = request.body["catalogName"];
  WireJson capabilities = WireJson::object();
  capabilities["supports_filter_pushdown"] = subtypes(
      {"sorted_range_set", "equatable_range_set", "all_or_none_value_set", "nullable_comparison"});
  capabilities["supports_limit_pushdown"] = subtypes({"integer_constant"});
  capabilities["supports_top_n_pushdown"] = subtypes({"SUPPORTS_ORDER_BY"});
  capabilities["supports_complex_expression_pushdown"] =
      subtypes({"supported_function_expression_types"}, WireJson(pushed_functions()));
  out.body["capabilities"] = std::move(capabilities);
  return out;
}

Message FederationHandler::list_schemas(const Message& request) {
  Message out = make_reply(request, "ListSchemasResponse");
  out.body["catalogName"] = request.body["catalogName"];
  out.body["schemas"] = connector().list_schemas();
  return out;
}

Message FederationHandler::list_tables(const Message& request) {
  const std::string schema = request.body["schemaName"].get<std::string>();
  std::vector<std::string> tables;
  for (const std::string& table : connector().list_tables(schema)) {
    if (config_.access.allows(schema, table)) tables.push_back(table);
  }
  std::sort(tables.begin(), tables.end());
  // The token is the decimal offset into the sorted names (the SDK's PaginationHelper).
  size_t start = 0;
  const WireJson& token = request.body["nextToken"];
  if (token.is_string()) {
    const std::string text = token.get<std::string>();
    if (text.empty() || text.size() > 9 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      throw common::UserError(fmt::format(
          "ListTables nextToken '{}' is not a token this connector issued (a decimal offset)",
          text.substr(0, 40)));
    }
    start = std::min(size_t(std::stoul(text)), tables.size());
  }
  const int64_t page_size = request.body["pageSize"].get<int64_t>();
  if (page_size < -1 || page_size == 0) {
    throw common::UserError(fmt::format(
        "ListTables pageSize {} is invalid; use -1 (no paging) or a positive count", page_size));
  }
  const size_t end =
      page_size < 0 ? tables.size() : std::min(tables.size(), start + size_t(page_size));
  Message out = make_reply(request, "ListTablesResponse");
  WireJson names = WireJson::array();
  for (size_t i = start; i < end; ++i) {
    WireJson name = WireJson::object();
    name["schemaName"] = schema;
    name["tableName"] = tables[i];
    names.push_back(std::move(name));
  }
  out.body["tables"] = std::move(names);
  out.body["catalogName"] = request.body["catalogName"];
  out.body["nextToken"] = end < tables.size() ? WireJson(std::to_string(end)) : WireJson(nullptr);
  return out;
}

Message FederationHandler::get_table(const Message& request) {
  if (request.body.contains("queryPassthroughArguments") &&
      !request.body["queryPassthroughArguments"].empty()) {
    throw common::UserError(
        "query pass-through is not supported by the Lark Base connector; query the tables with "
        "SELECT … FROM schema.table instead");
  }
  const std::string schema = request.body["tableName"]["schemaName"].get<std::string>();
  const std::string table = request.body["tableName"]["tableName"].get<std::string>();
  check_access(schema, table);
  const std::optional<TableIds> ids = experimental_ids(request, schema, table);
  const types::TableSchema table_schema =
      ids ? connector().get_table_by_id(ids->app_token, ids->table_id)
          : connector().get_table(schema, table);
  Message out = make_reply(request, "GetTableResponse");
  out.body["catalogName"] = request.body["catalogName"];
  out.body["tableName"] = request.body["tableName"];
  out.body["schema"] =
      out.add_schema(std::make_shared<const columnar::Schema>(table_schema.arrow_schema()));
  out.body["partitionColumns"] = WireJson::array();
  return out;
}

connector::ScanPlan FederationHandler::plan(const Message& request, const WireJson& constraints) {
  connector::ScanRequest scan;
  scan.schema = request.body["tableName"]["schemaName"].get<std::string>();
  scan.table = request.body["tableName"]["tableName"].get<std::string>();
  check_access(scan.schema, scan.table);
  scan.constraints = to_pushdown(request, constraints);
  const std::optional<TableIds> ids = experimental_ids(request, scan.schema, scan.table);
  connector::ScanPlan plan =
      ids ? connector().plan_by_id(ids->app_token, ids->table_id, scan) : connector().plan(scan);
  if (!plan.exact) {
    std::string list;
    for (const auto& item : plan.unevaluated) list += (list.empty() ? "" : "; ") + item;
    throw common::UserError(
        fmt::format("{}.{}: these constraints cannot be evaluated exactly by the connector: {}",
                    scan.schema, scan.table, list));
  }
  return plan;
}

std::optional<TableIds> FederationHandler::experimental_ids(const Message& request,
                                                            const std::string& schema,
                                                            const std::string& table) {
  if (!config_.experimental) return std::nullopt;
  try {
    connector().catalog().resolve(schema, table);
    return std::nullopt;  // a source lists it: the catalog's table wins
  } catch (const common::UserError&) {
  }
  const std::string query_id =
      request.body["queryId"].is_string() ? request.body["queryId"].get<std::string>() : "";
  if (query_id.empty()) {
    throw common::UserError(fmt::format(
        "{}.{} is in no source, and the request carries no queryId to read the query text from "
        "(the experimental flow names a table as \"catalog\".\"<base token>\".\"<table id>\")",
        schema, table));
  }
  std::optional<TableIds> ids = find_table_ids(query_text(query_id), schema, table);
  if (!ids) {
    throw common::UserError(fmt::format(
        "{}.{} is in no source, and the text of Athena query {} does not name it as "
        "\"<base token>\".\"<table id>\" (the experimental flow); check the schema and table "
        "names, or name the table by its Lark ids",
        schema, table, query_id));
  }
  spdlog::debug("experimental flow: {}.{} is table {} of base {}", schema, table, ids->table_id,
                ids->app_token);
  return ids;
}

std::string FederationHandler::query_text(const std::string& query_id) {
  std::lock_guard lock(query_text_mutex_);
  if (last_query_text_ && last_query_text_->first == query_id) return last_query_text_->second;
  const aws::QueryExecution execution = common::with_context(
      fmt::format("reading the SQL text of Athena query {} for the experimental flow "
                  "(ACTIVATE_EXPERIMENTAL_FEATURES; needs athena:GetQueryExecution) failed",
                  query_id),
      [&] {
        aws::AthenaClient athena(config_.aws ? *config_.aws : aws::resolve_aws_config());
        athena.transport().set_deadline(deadline_);
        return athena.get_query_execution(query_id);
      });
  last_query_text_.emplace(query_id, execution.query);
  return execution.query;
}

Message FederationHandler::get_table_layout(const Message& request) {
  const connector::ScanPlan scan_plan = plan(request, request.body["constraints"]);
  // No partition columns: one partition row ("partitionId" = 1, as the SDK writes),
  // or none when nothing can match (LIMIT 0, contradictory constraints).
  auto schema = std::make_shared<const columnar::Schema>(
      columnar::Schema{{{"partitionId", columnar::int32_type(), true}}, {}});
  std::optional<columnar::RecordBatch> batch;
  if (!scan_plan.splits.empty()) {
    auto values = std::make_shared<columnar::Buffer>();
    const int32_t one = 1;
    values->bytes.assign(reinterpret_cast<const uint8_t*>(&one),
                         reinterpret_cast<const uint8_t*>(&one) + sizeof(one));
    auto column = std::make_shared<columnar::ArrayData>();
    column->type = columnar::int32_type();
    column->length = 1;
    column->buffers = {nullptr, values};
    batch = columnar::RecordBatch{schema, 1, {column}};
  }
  Message out = make_reply(request, "GetTableLayoutResponse");
  out.body["catalogName"] = request.body["catalogName"];
  out.body["tableName"] = request.body["tableName"];
  out.body["partitions"] = out.add_block(schema, std::move(batch));
  return out;
}

}  // namespace larkbase::athena
