#pragma once
// Starts `larkbase aws-emulator --port 0 <args>` as a child process and gives
// an AwsConfig pointed at it (endpoint override, dummy credentials).
#include <string>
#include <vector>

#include "aws/aws_config.hpp"
#include "emulator_process.hpp"

namespace larkbase::testing {

class AwsEmulatorProcess {
 public:
  explicit AwsEmulatorProcess(const std::vector<std::string>& args = {"--demo"})
      : process_("aws-emulator", args) {}

  const common::Json& handshake() const { return process_.handshake(); }
  std::string url() const { return process_.url(); }

  // A config whose every service goes to the emulator, with fast retries.
  aws::AwsConfig config() const {
    aws::AwsConfig config;
    config.region = handshake().at("region").get<std::string>();
    config.endpoint_url = url();
    config.credentials = {"AKIDEMULATOR", "emulator-secret-key", "", "test"};
    config.retry.base_delay = common::Millis(5);
    config.retry.max_delay = common::Millis(50);
    config.retry.total_budget = common::Millis(5000);
    return config;
  }

 private:
  EmulatorProcess process_;
};

}  // namespace larkbase::testing
