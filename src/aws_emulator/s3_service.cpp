#include "aws_emulator/s3_service.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <chrono>
#include <ctime>

#include "aws/xml_document.hpp"
#include "aws_emulator/wire.hpp"
#include "common/base64.hpp"

namespace larkbase::aws_emulator {
namespace {

using aws::xml_escape;

std::string md5_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr);
  std::string out;
  for (unsigned int i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

std::string format_utc(std::time_t time, const char* format) {
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, format, &utc);
  return buffer;
}

// XML timestamps (ListObjectsV2 LastModified, CreationDate): ISO 8601.
std::string iso8601(std::time_t time) { return format_utc(time, "%Y-%m-%dT%H:%M:%S.000Z"); }

// The Last-Modified header: RFC 7231 IMF-fixdate. strftime's %a/%b follow the
// locale, and HTTP wants the English names whatever the locale is.
std::string http_date(std::time_t time) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm utc{};
  gmtime_r(&time, &utc);
  return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} GMT", kDays[utc.tm_wday],
                     utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                     utc.tm_sec);
}

void fail(httplib::Response& res, int status, const char* code, const std::string& message,
          const std::string& request_id) {
  send_error(res, Protocol::kRestXml, ServiceError{status, code, message}, request_id);
}

// Parses "bytes=a-b", "bytes=a-" and "bytes=-n" against an object size.
bool parse_range(const std::string& header, size_t size, size_t& first, size_t& last) {
  if (!header.starts_with("bytes=") || size == 0) return false;
  std::string spec = header.substr(6);
  auto dash = spec.find('-');
  if (dash == std::string::npos) return false;
  std::string from = spec.substr(0, dash), to = spec.substr(dash + 1);
  try {
    if (from.empty()) {
      size_t suffix = std::stoull(to);
      if (suffix == 0) return false;
      first = suffix >= size ? 0 : size - suffix;
      last = size - 1;
      return true;
    }
    first = std::stoull(from);
    last = to.empty() ? size - 1 : std::min<size_t>(std::stoull(to), size - 1);
    return first < size && first <= last;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

std::string decode_payload(httplib::Request& req) {
  bool chunked = req.get_header_value("x-amz-content-sha256").starts_with("STREAMING-") ||
                 req.get_header_value("Content-Encoding").find("aws-chunked") != std::string::npos;
  if (!chunked) return std::move(req.body);
  std::string out;
  size_t pos = 0;
  const std::string& body = req.body;
  while (pos < body.size()) {
    size_t line_end = body.find("\r\n", pos);
    if (line_end == std::string::npos) break;
    std::string header = body.substr(pos, line_end - pos);
    size_t size = std::stoull(header.substr(0, header.find(';')), nullptr, 16);
    pos = line_end + 2;
    if (size == 0) break;  // trailers follow
    out.append(body, pos, size);
    pos += size + 2;
  }
  return out;
}

void S3Service::create_bucket(const std::string& name) {
  std::lock_guard lock(mutex_);
  buckets_.try_emplace(name);
}

std::vector<std::string> S3Service::bucket_names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [name, bucket] : buckets_) names.push_back(name);
  return names;
}

void S3Service::handle(httplib::Request& req, httplib::Response& res,
                       const std::string& request_id) {
  std::string path = req.path.empty() ? "/" : req.path.substr(1);
  if (path.empty()) {
    std::string body = "<ListAllMyBucketsResult><Owner><ID>emulator</ID></Owner><Buckets>";
    for (const auto& name : bucket_names()) {
      body += fmt::format("<Bucket><Name>{}</Name><CreationDate>{}</CreationDate></Bucket>",
                          xml_escape(name), iso8601(std::time(nullptr)));
    }
    send_xml(res, 200, body + "</Buckets></ListAllMyBucketsResult>", request_id);
    return;
  }
  auto slash = path.find('/');
  std::string bucket = path.substr(0, slash);
  std::string key = slash == std::string::npos ? "" : path.substr(slash + 1);
  if (key.empty()) {
    bucket_call(req, res, bucket, request_id);
  } else if (req.has_param("uploads") || req.has_param("uploadId")) {
    multipart_call(req, res, bucket, key, request_id);
  } else {
    object_call(req, res, bucket, key, request_id);
  }
}

void S3Service::bucket_call(const httplib::Request& req, httplib::Response& res,
                            const std::string& bucket, const std::string& request_id) {
  std::lock_guard lock(mutex_);
  if (req.method == "PUT") {
    if (buckets_.contains(bucket)) {
      fail(res, 409, "BucketAlreadyOwnedByYou",
           "Your previous request to create the named bucket succeeded and you already own it.",
           request_id);
      return;
    }
    buckets_.try_emplace(bucket);
    res.set_header("Location", "/" + bucket);
    send_xml(res, 200, "", request_id);
    res.body.clear();
    return;
  }
  auto it = buckets_.find(bucket);
  if (it == buckets_.end()) {
    if (req.method == "HEAD") {
      res.status = 404;
      res.set_header("x-amz-request-id", request_id);
      return;
    }
    fail(res, 404, "NoSuchBucket", "The specified bucket does not exist", request_id);
    return;
  }
  if (req.method == "HEAD") {
    res.status = 200;
    res.set_header("x-amz-request-id", request_id);
    res.set_header("x-amz-bucket-region", "us-east-1");
    return;
  }
  if (req.method == "GET") {
    list_objects(req, res, it->second, bucket, request_id);
    return;
  }
  if (req.method == "DELETE") {
    if (!it->second.empty()) {
      fail(res, 409, "BucketNotEmpty", "The bucket you tried to delete is not empty", request_id);
      return;
    }
    buckets_.erase(it);
    res.status = 204;
    return;
  }
  fail(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
       request_id);
}

void S3Service::list_objects(const httplib::Request& req, httplib::Response& res,
                             const Bucket& bucket, const std::string& name,
                             const std::string& request_id) {
  std::string prefix = req.get_param_value("prefix");
  std::string token = req.get_param_value("continuation-token");
  std::string start_after = req.get_param_value("start-after");
  std::string delimiter = req.get_param_value("delimiter");
  int max_keys = 1000;
  if (req.has_param("max-keys"))
    max_keys = std::max(0, std::atoi(req.get_param_value("max-keys").c_str()));
  max_keys = std::min(max_keys, 1000);
  std::string after = token.empty() ? start_after : common::base64_decode(token);
  std::string contents, prefixes, last;
  int count = 0;
  bool truncated = false;
  std::string last_prefix;
  for (auto it = after.empty() ? bucket.begin() : bucket.upper_bound(after); it != bucket.end();
       ++it) {
    const auto& [key, object] = *it;
    if (!key.starts_with(prefix)) continue;
    if (!delimiter.empty()) {
      auto cut = key.find(delimiter, prefix.size());
      if (cut != std::string::npos) {
        std::string common_prefix = key.substr(0, cut + delimiter.size());
        if (common_prefix == last_prefix) continue;
        if (count == max_keys) {
          truncated = true;
          break;
        }
        last_prefix = common_prefix;
        prefixes += fmt::format("<CommonPrefixes><Prefix>{}</Prefix></CommonPrefixes>",
                                xml_escape(common_prefix));
        ++count;
        // Skip the rest of this prefix: continue after its last key.
        last = common_prefix + "\xff";
        continue;
      }
    }
    if (count == max_keys) {
      truncated = true;
      break;
    }
    contents += fmt::format(
        "<Contents><Key>{}</Key><LastModified>{}</LastModified><ETag>&quot;{}&quot;</ETag>"
        "<Size>{}</Size><StorageClass>STANDARD</StorageClass></Contents>",
        xml_escape(key), iso8601(object.last_modified), object.etag, object.data.size());
    last = key;
    ++count;
  }
  std::string body = fmt::format(
      "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>{}</Name>"
      "<Prefix>{}</Prefix><KeyCount>{}</KeyCount><MaxKeys>{}</MaxKeys><IsTruncated>{}</"
      "IsTruncated>",
      xml_escape(name), xml_escape(prefix), count, max_keys, truncated ? "true" : "false");
  if (!delimiter.empty()) body += fmt::format("<Delimiter>{}</Delimiter>", xml_escape(delimiter));
  if (!token.empty()) {
    body += fmt::format("<ContinuationToken>{}</ContinuationToken>", xml_escape(token));
  }
  if (truncated) {
    body += fmt::format("<NextContinuationToken>{}</NextContinuationToken>",
                        common::base64_encode(last));
  }
  send_xml(res, 200, body + contents + prefixes + "</ListBucketResult>", request_id);
}

void S3Service::get_object(const httplib::Request& req, httplib::Response& res,
                           const Object& object, const std::string& request_id) {
  res.set_header("ETag", "\"" + object.etag + "\"");
  res.set_header("Last-Modified", http_date(object.last_modified));
  res.set_header("Accept-Ranges", "bytes");
  res.set_header("x-amz-request-id", request_id);
  std::string range = req.get_header_value("Range");
  if (!range.empty()) {
    size_t first = 0, last = 0;
    if (!parse_range(range, object.data.size(), first, last)) {
      fail(res, 416, "InvalidRange", "The requested range is not satisfiable", request_id);
      return;
    }
    // cpp-httplib slices the body and adds Content-Range itself; slicing
    // here too would cut twice. The status is ours to set: 206, as S3 answers
    // (a 200 tells SDKs that the whole object came back).
    (void)first;
    (void)last;
  }
  res.status = range.empty() ? 200 : 206;
  res.set_content(object.data, object.content_type);
}

void S3Service::object_call(httplib::Request& req, httplib::Response& res,
                            const std::string& bucket_name, const std::string& key,
                            const std::string& request_id) {
  std::lock_guard lock(mutex_);
  auto bucket = buckets_.find(bucket_name);
  if (bucket == buckets_.end()) {
    if (req.method == "HEAD") {
      res.status = 404;
      return;
    }
    fail(res, 404, "NoSuchBucket", "The specified bucket does not exist", request_id);
    return;
  }
  if (req.method == "PUT") {
    Object object;
    object.data = decode_payload(req);
    object.etag = md5_hex(object.data);
    object.content_type = req.get_header_value("Content-Type");
    if (object.content_type.empty()) object.content_type = "binary/octet-stream";
    object.last_modified = std::time(nullptr);
    res.set_header("ETag", "\"" + object.etag + "\"");
    res.set_header("x-amz-request-id", request_id);
    bucket->second[key] = std::move(object);
    res.status = 200;
    return;
  }
  if (req.method == "DELETE") {
    bucket->second.erase(key);
    res.set_header("x-amz-request-id", request_id);
    res.status = 204;
    return;
  }
  auto it = bucket->second.find(key);
  if (it == bucket->second.end()) {
    if (req.method == "HEAD") {
      res.status = 404;
      res.set_header("x-amz-request-id", request_id);
      return;
    }
    fail(res, 404, "NoSuchKey", "The specified key does not exist.", request_id);
    return;
  }
  if (req.method == "GET" || req.method == "HEAD") {
    get_object(req, res, it->second, request_id);
    return;
  }
  fail(res, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
       request_id);
}

void S3Service::multipart_call(httplib::Request& req, httplib::Response& res,
                               const std::string& bucket, const std::string& key,
                               const std::string& request_id) {
  std::lock_guard lock(mutex_);
  if (!buckets_.contains(bucket)) {
    fail(res, 404, "NoSuchBucket", "The specified bucket does not exist", request_id);
    return;
  }
  if (req.method == "POST" && req.has_param("uploads")) {
    std::string id = fmt::format("upload-{}", next_upload_++);
    uploads_[id] = Upload{bucket, key, req.get_header_value("Content-Type"), {}};
    send_xml(res, 200,
             fmt::format("<InitiateMultipartUploadResult><Bucket>{}</Bucket><Key>{}</Key>"
                         "<UploadId>{}</UploadId></InitiateMultipartUploadResult>",
                         xml_escape(bucket), xml_escape(key), id),
             request_id);
    return;
  }
  auto upload = uploads_.find(req.get_param_value("uploadId"));
  if (upload == uploads_.end() || upload->second.bucket != bucket || upload->second.key != key) {
    fail(res, 404, "NoSuchUpload", "The specified upload does not exist.", request_id);
    return;
  }
  if (req.method == "PUT") {
    int number = std::atoi(req.get_param_value("partNumber").c_str());
    if (number < 1 || number > 10000) {
      fail(res, 400, "InvalidArgument", "Part number must be an integer between 1 and 10000",
           request_id);
      return;
    }
    Object part;
    part.data = decode_payload(req);
    part.etag = md5_hex(part.data);
    res.set_header("ETag", "\"" + part.etag + "\"");
    upload->second.parts[number] = std::move(part);
    res.status = 200;
    return;
  }
  if (req.method == "DELETE") {
    uploads_.erase(upload);
    res.status = 204;
    return;
  }
  // CompleteMultipartUpload: the listed parts, in order, must exist.
  aws::XmlElement root = aws::parse_xml(req.body, "CompleteMultipartUpload request");
  Object object;
  std::string etags;
  int previous = 0;
  for (const aws::XmlElement* part : root.children_named("Part")) {
    int number = std::atoi(part->child_text("PartNumber").c_str());
    auto found = upload->second.parts.find(number);
    std::string etag = part->child_text("ETag");
    if (etag.size() >= 2 && etag.front() == '"') etag = etag.substr(1, etag.size() - 2);
    if (number <= previous || found == upload->second.parts.end() || found->second.etag != etag) {
      fail(res, 400, number <= previous ? "InvalidPartOrder" : "InvalidPart",
           "One or more of the specified parts could not be found.", request_id);
      return;
    }
    previous = number;
    object.data += found->second.data;
    etags += found->second.etag;
  }
  object.etag = fmt::format("{}-{}", md5_hex(etags), root.children_named("Part").size());
  object.content_type =
      upload->second.content_type.empty() ? "binary/octet-stream" : upload->second.content_type;
  object.last_modified = std::time(nullptr);
  std::string etag = object.etag;
  buckets_[bucket][key] = std::move(object);
  uploads_.erase(upload);
  send_xml(res, 200,
           fmt::format("<CompleteMultipartUploadResult><Bucket>{}</Bucket><Key>{}</Key>"
                       "<ETag>&quot;{}&quot;</ETag></CompleteMultipartUploadResult>",
                       xml_escape(bucket), xml_escape(key), etag),
           request_id);
}

}  // namespace larkbase::aws_emulator
