#include "lark/envelope.hpp"

#include <gtest/gtest.h>

#include "lark/error_codes.hpp"

namespace larkbase::lark {
namespace {

TEST(EnvelopeTest, ReadsCodeMessageAndPagingKeysOfASearchPage) {
  auto envelope = parse_envelope(
      R"({"code":0,"msg":"success","data":{"items":[{"record_id":"rec1","fields":{"a":[1,{"b":2}]}}],)"
      R"("has_more":true,"page_token":"cGFnZTI=","total":742}})");
  ASSERT_TRUE(envelope.is_json_object);
  EXPECT_TRUE(envelope.has_code);
  EXPECT_EQ(envelope.code, 0);
  EXPECT_EQ(envelope.msg, "success");
  EXPECT_TRUE(envelope.has_data);
  EXPECT_TRUE(envelope.has_more);
  EXPECT_EQ(envelope.page_token, "cGFnZTI=");
  EXPECT_TRUE(envelope.has_total);
  EXPECT_EQ(envelope.total, 742);
}

TEST(EnvelopeTest, DriveNextPageTokenIsThePageToken) {
  auto envelope =
      parse_envelope(R"({"code":0,"data":{"files":[],"has_more":true,"next_page_token":"n2"}})");
  EXPECT_TRUE(envelope.has_more);
  EXPECT_EQ(envelope.page_token, "n2");
  EXPECT_FALSE(envelope.has_total);
}

TEST(EnvelopeTest, ErrorEnvelopeCarriesLogId) {
  auto envelope = parse_envelope(
      R"({"code":1254045,"msg":"FieldNameNotFound","error":{"log_id":"2024abc","troubleshooter":"x"}})");
  EXPECT_EQ(envelope.code, 1254045);
  EXPECT_EQ(envelope.msg, "FieldNameNotFound");
  EXPECT_EQ(envelope.log_id, "2024abc");
  EXPECT_FALSE(envelope.has_data);
}

TEST(EnvelopeTest, NonJsonAndNonObjectBodiesAreFlagged) {
  EXPECT_FALSE(parse_envelope("<html>502 Bad Gateway</html>").is_json_object);
  EXPECT_FALSE(parse_envelope("[1,2]").is_json_object);
  EXPECT_FALSE(parse_envelope("").is_json_object);
  EXPECT_FALSE(parse_envelope(R"({"code":0,"data":{"items":[1,2)").is_json_object);
}

TEST(EnvelopeTest, MissingCodeIsReported) {
  auto envelope = parse_envelope(R"({"msg":"hello"})");
  EXPECT_TRUE(envelope.is_json_object);
  EXPECT_FALSE(envelope.has_code);
}

TEST(EnvelopeTest, PaddedParseOfAStringWithReservedPadding) {
  std::string body = R"({"code":99991400,"msg":"request trigger frequency limit"})";
  reserve_json_padding(body);
  auto envelope = parse_envelope(body, /*padded=*/true);
  EXPECT_EQ(envelope.code, kCodeRateLimited);
}

TEST(ErrorCodesTest, ClassifiesRetryableAndTokenCodes) {
  for (int64_t code : {99991400, 1254290, 1254291, 1254607, 1254036, 1255001, 1255005, 1255040,
                       1500, 10101}) {
    EXPECT_TRUE(is_retryable_code(code)) << code;
  }
  for (int64_t code : {0, 1254045, 1254018, 91403, 99991672, 99991663, 1255006, 1254002}) {
    EXPECT_FALSE(is_retryable_code(code)) << code;
  }
  for (int64_t code : {99991663, 99991661, 99991668, 99991664, 99991665}) {
    EXPECT_TRUE(is_token_code(code)) << code;
  }
  EXPECT_FALSE(is_token_code(99991672));
  EXPECT_TRUE(is_retryable_status(429));
  EXPECT_TRUE(is_retryable_status(503));
  EXPECT_FALSE(is_retryable_status(400));
  EXPECT_FALSE(is_retryable_status(200));
}

}  // namespace
}  // namespace larkbase::lark
