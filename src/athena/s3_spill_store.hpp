#pragma once
// The SpillStore of a deployed connector: S3 PutObject through src/aws. The
// client is created on the first spill, so a function that never spills needs
// no AWS configuration. Safe to share between threads (`athena serve`).
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "athena/spill.hpp"
#include "aws/s3_client.hpp"
#include "common/deadline.hpp"

namespace larkbase::athena {

class S3SpillStore : public SpillStore {
 public:
  // `config`: the AWS settings; nullopt = resolved from the environment on first spill.
  explicit S3SpillStore(std::optional<aws::AwsConfig> config = std::nullopt)
      : config_(std::move(config)) {}
  void put(const std::string& bucket, const std::string& key, std::string bytes) override;
  void set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline) override;

 private:
  aws::S3Client& client();

  std::optional<aws::AwsConfig> config_;
  std::mutex mutex_;
  std::unique_ptr<aws::S3Client> client_;
  common::SharedDeadline deadline_;  // for the client created later, too
};

}  // namespace larkbase::athena
