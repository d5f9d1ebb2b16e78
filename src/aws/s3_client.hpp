#pragma once
// Amazon S3 (REST-XML): the object calls spill and the tools need. Keys are
// percent-encoded once (S3 does not double-encode); addressing is path-style
// when the endpoint is overridden (local servers), virtual-hosted otherwise.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "aws/aws_config.hpp"
#include "aws/aws_transport.hpp"

namespace larkbase::aws {

struct S3Object {
  std::string key;
  uint64_t size = 0;
  std::string etag;
  std::string last_modified;
};

struct S3PutOptions {
  std::string content_type = "application/octet-stream";
  // Extra request headers (the SDK's spill_put_request_headers, SSE, ...).
  std::vector<std::pair<std::string, std::string>> headers;
};

class S3Client {
 public:
  explicit S3Client(AwsConfig config);
  explicit S3Client(std::shared_ptr<AwsTransport> transport);

  // Returns the ETag. The body is moved through to the wire, not copied.
  std::string put_object(const std::string& bucket, const std::string& key, std::string body,
                         const S3PutOptions& options = {});
  std::string get_object(const std::string& bucket, const std::string& key);
  // Bytes [offset, offset + length) (fewer at the end of the object).
  std::string get_object_range(const std::string& bucket, const std::string& key, uint64_t offset,
                               uint64_t length);
  void delete_object(const std::string& bucket, const std::string& key);
  // Every object under `prefix`, following continuation tokens.
  std::vector<S3Object> list_objects(const std::string& bucket, const std::string& prefix = "");
  // Throws AwsError (NotFound, Forbidden) when the bucket cannot be used.
  void head_bucket(const std::string& bucket);

  // Multipart upload primitives (used by S3Upload).
  std::string create_multipart_upload(const std::string& bucket, const std::string& key,
                                      const S3PutOptions& options);
  std::string upload_part(const std::string& bucket, const std::string& key,
                          const std::string& upload_id, int part_number, std::string body);
  std::string complete_multipart_upload(const std::string& bucket, const std::string& key,
                                        const std::string& upload_id,
                                        const std::vector<std::string>& part_etags);
  void abort_multipart_upload(const std::string& bucket, const std::string& key,
                              const std::string& upload_id);

  void set_list_page_size(int page_size) { list_page_size_ = page_size; }
  AwsTransport& transport() { return *transport_; }

 private:
  std::shared_ptr<AwsTransport> transport_;
  int list_page_size_ = 1000;
};

// A streaming upload: write() appends, and whenever a part's worth of bytes is
// buffered it goes out as one part of a multipart upload, so at most one part
// is ever held in memory. An object smaller than a part becomes one
// PutObject. An upload neither finished nor failed is aborted on destruction.
class S3Upload {
 public:
  static constexpr size_t kDefaultPartSize = 8u << 20;  // S3's minimum is 5 MiB

  S3Upload(S3Client& client, std::string bucket, std::string key, S3PutOptions options = {},
           size_t part_size = kDefaultPartSize);
  ~S3Upload();
  S3Upload(const S3Upload&) = delete;
  S3Upload& operator=(const S3Upload&) = delete;

  void write(std::string_view data);
  // Sends what is left and returns the object's ETag.
  std::string finish();
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  void flush_part();

  S3Client& client_;
  std::string bucket_, key_;
  S3PutOptions options_;
  size_t part_size_;
  std::string buffer_;
  std::string upload_id_;
  std::vector<std::string> etags_;
  uint64_t bytes_written_ = 0;
  bool done_ = false;
};

}  // namespace larkbase::aws
