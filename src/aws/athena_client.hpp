#pragma once
// Amazon Athena: GetQueryExecution, which the experimental metadata provider
// uses to read the SQL text of the running query.
#include <memory>
#include <string>

#include "aws/aws_config.hpp"
#include "aws/aws_transport.hpp"

namespace larkbase::aws {

struct QueryExecution {
  std::string query_execution_id;
  std::string query;  // the SQL text
  std::string statement_type;
  std::string state;  // QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED
  std::string database;
  std::string catalog;
  std::string work_group;
};

class AthenaClient {
 public:
  explicit AthenaClient(AwsConfig config);
  explicit AthenaClient(std::shared_ptr<AwsTransport> transport);

  QueryExecution get_query_execution(const std::string& query_execution_id);

  AwsTransport& transport() { return *transport_; }

 private:
  std::shared_ptr<AwsTransport> transport_;
};

}  // namespace larkbase::aws
