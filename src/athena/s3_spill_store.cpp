#include "athena/s3_spill_store.hpp"

#include "aws/aws_config.hpp"

namespace larkbase::athena {

aws::S3Client& S3SpillStore::client() {
  std::lock_guard lock(mutex_);
  if (!client_) client_ = std::make_unique<aws::S3Client>(aws::resolve_aws_config());
  return *client_;
}

void S3SpillStore::put(const std::string& bucket, const std::string& key, std::string bytes) {
  client().put_object(bucket, key, std::move(bytes));
}

}  // namespace larkbase::athena
