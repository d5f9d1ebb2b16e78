#include "aws/athena_client.hpp"

namespace larkbase::aws {

AthenaClient::AthenaClient(AwsConfig config)
    : AthenaClient(std::make_shared<AwsTransport>(std::move(config))) {}

AthenaClient::AthenaClient(std::shared_ptr<AwsTransport> transport)
    : transport_(std::move(transport)) {}

QueryExecution AthenaClient::get_query_execution(const std::string& query_execution_id) {
  common::Json output = transport_->call_json(AwsService::kAthena, "GetQueryExecution",
                                              {{"QueryExecutionId", query_execution_id}});
  common::Json execution = output.value("QueryExecution", common::Json::object());
  common::Json status = execution.value("Status", common::Json::object());
  common::Json context = execution.value("QueryExecutionContext", common::Json::object());
  return QueryExecution{
      execution.value("QueryExecutionId", std::string()), execution.value("Query", std::string()),
      execution.value("StatementType", std::string()),    status.value("State", std::string()),
      context.value("Database", std::string()),           context.value("Catalog", std::string()),
      execution.value("WorkGroup", std::string())};
}

}  // namespace larkbase::aws
