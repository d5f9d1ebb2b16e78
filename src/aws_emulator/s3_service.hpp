#pragma once
// The emulator's S3: buckets of in-memory objects addressed path-style
// (/bucket/key): bucket create/head/list, object put/get (ranged)/head/
// delete, ListObjectsV2 with continuation tokens, multipart uploads.
#include <httplib.h>

#include <ctime>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace larkbase::aws_emulator {

class S3Service {
 public:
  void create_bucket(const std::string& name);
  std::vector<std::string> bucket_names() const;
  // `req` is the server's own copy: an object's PUT takes its body without copying it.
  void handle(httplib::Request& req, httplib::Response& res, const std::string& request_id);

 private:
  struct Object {
    std::string data;
    std::string etag;
    std::string content_type;
    std::time_t last_modified = 0;  // seconds, like S3's Last-Modified
  };
  struct Upload {
    std::string bucket, key, content_type;
    std::map<int, Object> parts;
  };
  using Bucket = std::map<std::string, Object>;

  void bucket_call(const httplib::Request& req, httplib::Response& res, const std::string& bucket,
                   const std::string& request_id);
  void object_call(httplib::Request& req, httplib::Response& res, const std::string& bucket,
                   const std::string& key, const std::string& request_id);
  void list_objects(const httplib::Request& req, httplib::Response& res, const Bucket& bucket,
                    const std::string& name, const std::string& request_id);
  void get_object(const httplib::Request& req, httplib::Response& res, const Object& object,
                  const std::string& request_id);
  void multipart_call(httplib::Request& req, httplib::Response& res, const std::string& bucket,
                      const std::string& key, const std::string& request_id);

  mutable std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
  std::map<std::string, Upload> uploads_;
  uint64_t next_upload_ = 1;
};

// The payload of an aws-chunked (STREAMING-*) body, or the body itself (moved out).
std::string decode_payload(httplib::Request& req);

}  // namespace larkbase::aws_emulator
