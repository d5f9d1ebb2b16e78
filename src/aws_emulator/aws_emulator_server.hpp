#pragma once
// `larkbase aws-emulator`: one local server for S3, Glue, Secrets Manager,
// STS and Athena GetQueryExecution. Requests are routed by the service in
// their SigV4 credential scope; any signature is accepted, an unsigned
// request is refused in the service's own error shape.
#include <memory>

#include "aws_emulator/emulator_options.hpp"
#include "common/json.hpp"

namespace larkbase::aws_emulator {

class AwsEmulatorServer {
 public:
  // Loads the seeds named by `options`; throws UserError for unreadable ones.
  explicit AwsEmulatorServer(AwsEmulatorOptions options);
  ~AwsEmulatorServer();
  AwsEmulatorServer(const AwsEmulatorServer&) = delete;
  AwsEmulatorServer& operator=(const AwsEmulatorServer&) = delete;

  int bind();   // returns the port (a free one for port 0)
  void run();   // serves until stop()
  void stop();  // safe from any thread

  // {"url","region","account_id","secrets":[names],"spill_bucket","buckets":[...],
  //  "glue_databases":[...],"query_executions":[ids],"access_key_id","secret_access_key"}
  common::Json handshake() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace larkbase::aws_emulator
