#pragma once
// The SpillStore of a deployed connector: S3 PutObject through src/aws. The
// client is created on the first spill, so a function that never spills needs
// no AWS configuration.
#include <memory>

#include "athena/spill.hpp"
#include "aws/s3_client.hpp"

namespace larkbase::athena {

class S3SpillStore : public SpillStore {
 public:
  void put(const std::string& bucket, const std::string& key, std::string bytes) override;

 private:
  std::unique_ptr<aws::S3Client> client_;
};

}  // namespace larkbase::athena
