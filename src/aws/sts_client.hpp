#pragma once
// AWS STS (query protocol): GetCallerIdentity, which the crawler uses for the
// account id it passes to Glue as the catalog id.
#include <memory>
#include <string>

#include "aws/aws_config.hpp"
#include "aws/aws_transport.hpp"

namespace larkbase::aws {

struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
};

class StsClient {
 public:
  explicit StsClient(AwsConfig config);
  explicit StsClient(std::shared_ptr<AwsTransport> transport);

  CallerIdentity get_caller_identity();

  AwsTransport& transport() { return *transport_; }

 private:
  std::shared_ptr<AwsTransport> transport_;
};

}  // namespace larkbase::aws
