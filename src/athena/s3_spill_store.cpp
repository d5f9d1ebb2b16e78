#include "athena/s3_spill_store.hpp"

#include <fmt/format.h>

#include "aws/aws_config.hpp"
#include "common/error.hpp"
#include "common/error_context.hpp"

namespace larkbase::athena {

aws::S3Client& S3SpillStore::client() {
  std::lock_guard lock(mutex_);
  if (!client_) {
    client_ = std::make_unique<aws::S3Client>(config_ ? *config_ : aws::resolve_aws_config());
    client_->transport().set_deadline(deadline_.get());
  }
  return *client_;
}

void S3SpillStore::set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline) {
  std::lock_guard lock(mutex_);
  deadline_.set(deadline);
  if (client_) client_->transport().set_deadline(deadline);
}

void S3SpillStore::put(const std::string& bucket, const std::string& key, std::string bytes) {
  try {
    client().put_object(bucket, key, std::move(bytes));
  } catch (const common::Error& error) {
    // The same kind (a throttle stays retryable, a deadline a DeadlineError),
    // with the object that failed.
    std::rethrow_exception(common::same_kind_error(
        error,
        fmt::format("spilling a block to s3://{}/{} failed: {}; check that the spill bucket "
                    "exists in the function's region and that the role may s3:PutObject to it",
                    bucket, key, error.what())));
  }
}

}  // namespace larkbase::athena
