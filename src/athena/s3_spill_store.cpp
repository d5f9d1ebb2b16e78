#include "athena/s3_spill_store.hpp"

#include "aws/aws_config.hpp"

namespace larkbase::athena {

void S3SpillStore::put(const std::string& bucket, const std::string& key, std::string bytes) {
  if (!client_) client_ = std::make_unique<aws::S3Client>(aws::resolve_aws_config());
  client_->put_object(bucket, key, std::move(bytes));
}

}  // namespace larkbase::athena
