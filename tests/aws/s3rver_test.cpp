// Our S3 client against s3rver (npm), an independent fake S3 we did not write:
// its own routing, key decoding, XML answers and multipart assembly, so an
// addressing, encoding or parsing mistake our own emulator would forgive fails
// here. Put, get, ranged get, list, delete, head bucket and a multipart
// streaming upload. s3rver 3.7 checks the access key id but not V4 signatures
// (its source says so), and its ListObjectsV2 continuation answers HTTP 500, so
// signatures and list paging are checked against our emulator only.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>

#include "aws/aws_error.hpp"
#include "aws/s3_client.hpp"
#include "die_with_parent.hpp"

namespace larkbase::aws {
namespace {

constexpr const char* kBucket = "larkbase-s3rver";

// Starts `node s3rver.js` on a free port and waits for its "listening" line.
class S3rverProcess {
 public:
  S3rverProcess() {
    directory_ = std::filesystem::temp_directory_path() / ("s3rver_" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = testing::fork_dying_with_parent();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      ::execlp("node", "node", LARKBASE_S3RVER_JS, "-d", directory_.c_str(), "-a", "127.0.0.1",
               "-p", "0", "-s", "--configure-bucket", kBucket, static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    stdout_ = ::fdopen(out[0], "r");
    char line[512];
    std::regex listening(R"(listening on ([0-9.]+):([0-9]+))");
    while (std::fgets(line, sizeof line, stdout_) != nullptr) {
      std::cmatch match;
      if (std::regex_search(line, match, listening)) {
        url_ = "http://" + match[1].str() + ":" + match[2].str();
        return;
      }
    }
    throw std::runtime_error("s3rver exited without its listening line");
  }
  ~S3rverProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_ != nullptr) std::fclose(stdout_);
    std::filesystem::remove_all(directory_);
  }
  S3rverProcess(const S3rverProcess&) = delete;
  S3rverProcess& operator=(const S3rverProcess&) = delete;

  AwsConfig config(const std::string& secret = "S3RVER") const {
    AwsConfig config;
    config.region = "us-east-1";
    config.endpoint_url = url_;
    config.credentials = {"S3RVER", secret, "", "test"};
    config.retry.max_attempts = 2;
    return config;
  }

 private:
  pid_t pid_ = -1;
  FILE* stdout_ = nullptr;
  std::filesystem::path directory_;
  std::string url_;
};

TEST(S3rver, ObjectCallsWorkAgainstAnIndependentServer) {
  S3rverProcess server;
  S3Client s3(server.config());
  s3.head_bucket(kBucket);

  // A key that needs encoding: spaces, a plus, non-ASCII, nested prefixes.
  const std::string key = "spill/query 1/a+b/\xC3\xA9t\xC3\xA9.0";
  std::string body(70'000, '\0');
  for (size_t i = 0; i < body.size(); ++i) body[i] = char(i * 31 % 251);
  s3.put_object(kBucket, key, body);
  EXPECT_EQ(s3.get_object(kBucket, key), body);
  EXPECT_EQ(s3.get_object_range(kBucket, key, 1000, 24), body.substr(1000, 24));

  for (int i = 0; i < 5; ++i) s3.put_object(kBucket, "list/" + std::to_string(i), "x");
  auto listed = s3.list_objects(kBucket, "list/");
  ASSERT_EQ(listed.size(), 5u);
  EXPECT_EQ(listed.front().key, "list/0");
  EXPECT_EQ(listed.back().key, "list/4");

  s3.delete_object(kBucket, key);
  EXPECT_THROW(s3.get_object(kBucket, key), AwsError);
}

TEST(S3rver, AStreamingUploadArrivesWhole) {
  S3rverProcess server;
  S3Client s3(server.config());
  std::string expected;
  {
    S3Upload upload(s3, kBucket, "stream/object");
    for (int chunk = 0; chunk < 12; ++chunk) {
      std::string part(1 << 20, char('a' + chunk));
      expected += part;
      upload.write(part);
    }
    upload.finish();
  }
  EXPECT_EQ(s3.get_object(kBucket, "stream/object"), expected);
}

TEST(S3rver, AnUnknownAccessKeyIsRefusedAndTheSecretNeverEchoed) {
  S3rverProcess server;
  AwsConfig config = server.config("not-the-secret-value");
  config.credentials.access_key_id = "AKIDUNKNOWN";
  S3Client s3(config);
  try {
    s3.put_object(kBucket, "k", "v");
    FAIL() << "an unknown access key was accepted";
  } catch (const AwsError& error) {
    std::string message = error.what();
    EXPECT_EQ(error.code(), "InvalidAccessKeyId") << message;
    EXPECT_EQ(message.find("not-the-secret-value"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace larkbase::aws
