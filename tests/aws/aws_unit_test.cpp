#include <gtest/gtest.h>

#include <map>

#include "aws/aws_config.hpp"
#include "aws/aws_error.hpp"
#include "aws/aws_transport.hpp"
#include "aws/credentials_chain.hpp"
#include "aws/glue_model.hpp"
#include "aws/xml_document.hpp"
#include "common/log.hpp"

namespace larkbase::aws {
namespace {

EnvLookup fake_env(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(AwsConfigTest, EnvironmentCredentialsWinOverTheSharedFile) {
  AwsConfig config =
      resolve_aws_config(fake_env({{"AWS_REGION", "eu-west-1"},
                                   {"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                   {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                                   {"AWS_SESSION_TOKEN", "tok"},
                                   {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"}}));
  EXPECT_EQ(config.credentials.access_key_id, "AKIDENV");
  EXPECT_EQ(config.credentials.session_token, "tok");
  EXPECT_EQ(config.credentials.source, "environment");
  EXPECT_EQ(config.endpoint(AwsService::kGlue), "https://glue.eu-west-1.amazonaws.com");
}

TEST(AwsConfigTest, SharedFileProfileIsRead) {
  auto credentials = parse_credentials_file(
      "[default]\naws_access_key_id = A1\naws_secret_access_key = S1\n"
      "[profile dev]\naws_access_key_id=A2\naws_secret_access_key=S2\naws_session_token=T2\n",
      "dev");
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->access_key_id, "A2");
  EXPECT_EQ(credentials->session_token, "T2");
  EXPECT_FALSE(parse_credentials_file("[default]\naws_access_key_id=A\n", "default"));
}

TEST(AwsConfigTest, PerServiceEndpointOverridesTheGlobalOne) {
  AwsConfig config = resolve_aws_config(fake_env({{"AWS_DEFAULT_REGION", "us-west-2"},
                                                  {"AWS_ACCESS_KEY_ID", "A"},
                                                  {"AWS_SECRET_ACCESS_KEY", "S"},
                                                  {"AWS_ENDPOINT_URL", "http://all:1/"},
                                                  {"AWS_ENDPOINT_URL_S3", "http://s3:2"}}));
  EXPECT_EQ(config.region, "us-west-2");
  EXPECT_EQ(config.endpoint(AwsService::kS3), "http://s3:2");
  EXPECT_EQ(config.endpoint(AwsService::kSts), "http://all:1");
  EXPECT_TRUE(config.s3_path_style("bucket"));
}

TEST(AwsConfigTest, EveryServiceHasItsSdkEndpointVariableAndAwsRegionWins) {
  AwsConfig config =
      resolve_aws_config(fake_env({{"AWS_REGION", "eu-central-1"},
                                   {"AWS_DEFAULT_REGION", "us-west-2"},
                                   {"AWS_ACCESS_KEY_ID", "A"},
                                   {"AWS_SECRET_ACCESS_KEY", "S"},
                                   {"AWS_ENDPOINT_URL_S3", "http://s3:1"},
                                   {"AWS_ENDPOINT_URL_GLUE", "http://glue:2"},
                                   {"AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://sm:3"},
                                   {"AWS_ENDPOINT_URL_STS", "http://sts:4"},
                                   {"AWS_ENDPOINT_URL_ATHENA", "http://athena:5"}}));
  EXPECT_EQ(config.region, "eu-central-1");
  EXPECT_EQ(config.endpoint(AwsService::kS3), "http://s3:1");
  EXPECT_EQ(config.endpoint(AwsService::kGlue), "http://glue:2");
  EXPECT_EQ(config.endpoint(AwsService::kSecretsManager), "http://sm:3");
  EXPECT_EQ(config.endpoint(AwsService::kSts), "http://sts:4");
  EXPECT_EQ(config.endpoint(AwsService::kAthena), "http://athena:5");
}

TEST(AwsConfigTest, MissingRegionOrCredentialsIsAUserError) {
  EXPECT_THROW(
      resolve_aws_config(fake_env({{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "S"}})),
      common::UserError);
  EXPECT_THROW(
      resolve_aws_config(fake_env({{"AWS_REGION", "us-east-1"}, {"HOME", "/nonexistent"}})),
      common::UserError);
}

TEST(AwsTransportTest, S3AddressingAndQueryAreCanonical) {
  AwsConfig config;
  config.region = "us-east-1";
  config.credentials = {"A", "S", "", "test"};
  AwsTransport virtual_hosted(config);
  AwsRequest request;
  request.service = AwsService::kS3;
  request.bucket = "spill";
  request.path = "/" + encode_s3_key("a b/c+d");
  request.query = {{"prefix", "x/y"}, {"list-type", "2"}};
  EXPECT_EQ(virtual_hosted.url_for(request),
            "https://spill.s3.us-east-1.amazonaws.com/a%20b/c%2Bd?list-type=2&prefix=x%2Fy");
  config.endpoint_url = "http://127.0.0.1:9";
  AwsTransport path_style(config);
  EXPECT_EQ(path_style.url_for(request),
            "http://127.0.0.1:9/spill/a%20b/c%2Bd?list-type=2&prefix=x%2Fy");
}

TEST(AwsErrorTest, JsonAndXmlErrorsMapIntoTheTaxonomy) {
  auto json = parse_aws_error(
      AwsService::kGlue, "GetTable", 400, {{"x-amzn-requestid", "rid-1"}},
      R"({"__type":"com.amazonaws#EntityNotFoundException","Message":"Table t not found."})");
  AwsError not_found(json);
  EXPECT_EQ(not_found.code(), "EntityNotFoundException");
  EXPECT_EQ(not_found.kind(), common::ErrorKind::kUser);
  EXPECT_FALSE(not_found.retryable());
  EXPECT_TRUE(not_found.not_found());
  EXPECT_NE(std::string(not_found.what()).find("rid-1"), std::string::npos);

  auto xml = parse_aws_error(AwsService::kS3, "PutObject", 503, {},
                             "<Error><Code>SlowDown</Code><Message>m</Message>"
                             "<RequestId>rid-2</RequestId></Error>");
  AwsError slow(xml);
  EXPECT_EQ(slow.code(), "SlowDown");
  EXPECT_EQ(slow.request_id(), "rid-2");
  EXPECT_TRUE(slow.retryable());
  EXPECT_EQ(slow.kind(), common::ErrorKind::kExternal);

  AwsError head(parse_aws_error(AwsService::kS3, "HeadBucket", 404, {}, ""));
  EXPECT_EQ(head.code(), "NotFound");
}

TEST(GlueModelTest, TableRoundTripsThroughWireJson) {
  GlueTable table;
  table.name = "orders";
  table.table_type = "LARK_BASE_TABLE";
  table.parameters = {{"classification", "lark-base-flag"}, {"larkTableId", "tbl1"}};
  GlueStorageDescriptor descriptor;
  descriptor.location = "lark-base-flag/x";
  descriptor.columns = {{"amount", "decimal(38,18)", "LarkBaseFieldId=f1", {}}};
  table.storage_descriptor = descriptor;
  common::Json wire = to_json(table);
  EXPECT_EQ(wire["StorageDescriptor"]["Columns"][0]["Comment"], "LarkBaseFieldId=f1");
  EXPECT_EQ(glue_table_from_json(wire), table);
}

TEST(XmlTest, ParsesEntitiesAndNesting) {
  XmlElement root = parse_xml(
      "<?xml version=\"1.0\"?><R xmlns=\"x\"><A>1 &amp; 2</A><B><C>&#x41;</C></B></R>", "t");
  EXPECT_EQ(root.child_text("A"), "1 & 2");
  EXPECT_EQ(root.find("C")->text, "A");
  EXPECT_THROW(parse_xml("<R><A></R>", "t"), common::ExternalError);
}

TEST(ScrubSecretsTest, RemovesGivenValuesSignaturesAndBearerTokens) {
  std::string echoed =
      "denied: Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=0123abcdef89 X-Amz-Security-Token: tok/en+== "
      "key=sec/ret+key url ?X-Amz-Signature=feedbeef&x=1 and Authorization: Bearer t-abc.123, ok";
  std::string scrubbed = common::scrub_secrets(echoed, {"sec/ret+key", "tok/en+==", ""});
  for (const char* secret : {"sec/ret+key", "tok/en+==", "0123abcdef89", "feedbeef", "t-abc.123"}) {
    EXPECT_EQ(scrubbed.find(secret), std::string::npos) << secret << ": " << scrubbed;
  }
  // What is not secret stays, so the message still says what happened.
  for (const char* kept : {"Credential=AKID/20260101", "Signature=<redacted> X-Amz-Security-Token",
                           "X-Amz-Signature=<redacted>&x=1", "Bearer <redacted>, ok"}) {
    EXPECT_NE(scrubbed.find(kept), std::string::npos) << kept << ": " << scrubbed;
  }
  EXPECT_EQ(common::scrub_secrets("Signature= alone", {}), "Signature= alone");
}

TEST(ScrubSecretsTest, TheTransportScrubsItsOwnCredentials) {
  AwsConfig config;
  config.region = "us-east-1";
  config.credentials = {"AKIDX", "transport-secret-key", "transport-token", "test"};
  AwsTransport transport(config);
  EXPECT_EQ(transport.scrub("a transport-secret-key b transport-token c Signature=abc123"),
            "a <redacted> b <redacted> c Signature=<redacted>");
}

}  // namespace
}  // namespace larkbase::aws
