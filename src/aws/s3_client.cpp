#include "aws/s3_client.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "aws/xml_document.hpp"
#include "common/error.hpp"

namespace larkbase::aws {
namespace {

AwsRequest s3_request(const char* operation, const char* method, const std::string& bucket,
                      const std::string& key) {
  AwsRequest request;
  request.service = AwsService::kS3;
  request.operation = operation;
  request.method = method;
  request.bucket = bucket;
  request.path = "/" + encode_s3_key(key);
  return request;
}

void add_put_headers(AwsRequest& request, const S3PutOptions& options) {
  if (!options.content_type.empty())
    request.headers.emplace_back("Content-Type", options.content_type);
  for (const auto& header : options.headers) request.headers.push_back(header);
}

}  // namespace

S3Client::S3Client(AwsConfig config)
    : S3Client(std::make_shared<AwsTransport>(std::move(config))) {}

S3Client::S3Client(std::shared_ptr<AwsTransport> transport) : transport_(std::move(transport)) {}

std::string S3Client::put_object(const std::string& bucket, const std::string& key,
                                 std::string body, const S3PutOptions& options) {
  AwsRequest request = s3_request("PutObject", "PUT", bucket, key);
  add_put_headers(request, options);
  request.body = std::move(body);
  return transport_->send(std::move(request)).header("etag");
}

std::string S3Client::get_object(const std::string& bucket, const std::string& key) {
  return transport_->send(s3_request("GetObject", "GET", bucket, key)).body;
}

std::string S3Client::get_object_range(const std::string& bucket, const std::string& key,
                                       uint64_t offset, uint64_t length) {
  if (length == 0) return "";
  AwsRequest request = s3_request("GetObject", "GET", bucket, key);
  request.headers.emplace_back("Range", fmt::format("bytes={}-{}", offset, offset + length - 1));
  return transport_->send(std::move(request)).body;
}

void S3Client::delete_object(const std::string& bucket, const std::string& key) {
  transport_->send(s3_request("DeleteObject", "DELETE", bucket, key));
}

std::vector<S3Object> S3Client::list_objects(const std::string& bucket, const std::string& prefix) {
  std::vector<S3Object> objects;
  std::string token;
  while (true) {
    AwsRequest request = s3_request("ListObjectsV2", "GET", bucket, "");
    request.query = {{"list-type", "2"}, {"max-keys", std::to_string(list_page_size_)}};
    if (!prefix.empty()) request.query.emplace_back("prefix", prefix);
    if (!token.empty()) request.query.emplace_back("continuation-token", token);
    AwsResponse response = transport_->send(std::move(request));
    transport_->stats().add_page();
    XmlElement root = parse_xml(response.body, "S3 ListObjectsV2 response of bucket " + bucket);
    for (const XmlElement* item : root.children_named("Contents")) {
      S3Object object;
      object.key = item->child_text("Key");
      object.size = std::stoull("0" + item->child_text("Size"));
      object.etag = item->child_text("ETag");
      object.last_modified = item->child_text("LastModified");
      objects.push_back(std::move(object));
    }
    token = root.child_text("NextContinuationToken");
    if (root.child_text("IsTruncated") != "true") break;
    if (token.empty()) {
      throw common::ExternalError(fmt::format(
          "S3 ListObjectsV2 of bucket {} is truncated but has no NextContinuationToken", bucket));
    }
  }
  return objects;
}

void S3Client::head_bucket(const std::string& bucket) {
  transport_->send(s3_request("HeadBucket", "HEAD", bucket, ""));
}

std::string S3Client::create_multipart_upload(const std::string& bucket, const std::string& key,
                                              const S3PutOptions& options) {
  AwsRequest request = s3_request("CreateMultipartUpload", "POST", bucket, key);
  request.query = {{"uploads", ""}};
  add_put_headers(request, options);
  AwsResponse response = transport_->send(std::move(request));
  std::string upload_id =
      parse_xml(response.body, "S3 CreateMultipartUpload response").child_text("UploadId");
  if (upload_id.empty()) {
    throw common::ExternalError(fmt::format(
        "S3 CreateMultipartUpload of s3://{}/{} answered without an UploadId", bucket, key));
  }
  return upload_id;
}

std::string S3Client::upload_part(const std::string& bucket, const std::string& key,
                                  const std::string& upload_id, int part_number, std::string body) {
  AwsRequest request = s3_request("UploadPart", "PUT", bucket, key);
  request.query = {{"partNumber", std::to_string(part_number)}, {"uploadId", upload_id}};
  request.body = std::move(body);
  return transport_->send(std::move(request)).header("etag");
}

std::string S3Client::complete_multipart_upload(const std::string& bucket, const std::string& key,
                                                const std::string& upload_id,
                                                const std::vector<std::string>& part_etags) {
  AwsRequest request = s3_request("CompleteMultipartUpload", "POST", bucket, key);
  request.query = {{"uploadId", upload_id}};
  std::string body = "<CompleteMultipartUpload>";
  for (size_t i = 0; i < part_etags.size(); ++i) {
    body += fmt::format("<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>", i + 1,
                        xml_escape(part_etags[i]));
  }
  body += "</CompleteMultipartUpload>";
  request.headers.emplace_back("Content-Type", "application/xml");
  request.body = std::move(body);
  AwsResponse response = transport_->send(std::move(request));
  // S3 may answer 200 with an <Error> body when completion fails late.
  XmlElement root = parse_xml(response.body, "S3 CompleteMultipartUpload response");
  if (root.name == "Error") {
    AwsErrorDetail detail{"S3",
                          "CompleteMultipartUpload",
                          root.child_text("Code"),
                          root.child_text("Message"),
                          response.request_id,
                          response.status};
    throw AwsError(std::move(detail));
  }
  return root.child_text("ETag");
}

void S3Client::abort_multipart_upload(const std::string& bucket, const std::string& key,
                                      const std::string& upload_id) {
  AwsRequest request = s3_request("AbortMultipartUpload", "DELETE", bucket, key);
  request.query = {{"uploadId", upload_id}};
  transport_->send(std::move(request));
}

S3Upload::S3Upload(S3Client& client, std::string bucket, std::string key, S3PutOptions options,
                   size_t part_size)
    : client_(client),
      bucket_(std::move(bucket)),
      key_(std::move(key)),
      options_(std::move(options)),
      part_size_(part_size) {
  buffer_.reserve(part_size_);
}

S3Upload::~S3Upload() {
  if (done_ || upload_id_.empty()) return;
  try {
    client_.abort_multipart_upload(bucket_, key_, upload_id_);
  } catch (const std::exception& error) {
    spdlog::warn("could not abort the multipart upload of s3://{}/{}: {}", bucket_, key_,
                 error.what());
  }
}

void S3Upload::flush_part() {
  if (upload_id_.empty()) upload_id_ = client_.create_multipart_upload(bucket_, key_, options_);
  std::string part;
  part.swap(buffer_);
  etags_.push_back(
      client_.upload_part(bucket_, key_, upload_id_, int(etags_.size()) + 1, std::move(part)));
  buffer_.reserve(part_size_);
}

void S3Upload::write(std::string_view data) {
  if (done_) throw common::InternalError("S3Upload::write after finish()");
  bytes_written_ += data.size();
  while (!data.empty()) {
    size_t take = std::min(data.size(), part_size_ - buffer_.size());
    buffer_.append(data.substr(0, take));
    data.remove_prefix(take);
    if (buffer_.size() == part_size_) flush_part();
  }
}

std::string S3Upload::finish() {
  if (done_) throw common::InternalError("S3Upload::finish called twice");
  std::string etag;
  if (upload_id_.empty()) {
    etag = client_.put_object(bucket_, key_, std::move(buffer_), options_);
  } else {
    if (!buffer_.empty()) flush_part();
    etag = client_.complete_multipart_upload(bucket_, key_, upload_id_, etags_);
  }
  done_ = true;
  return etag;
}

}  // namespace larkbase::aws
