#include <gtest/gtest.h>

#include "loader/retry_classifier.hpp"

namespace larkbase::loader {
namespace {

TEST(RetryClassifier, TransientFailuresAreRetried) {
  for (const char* m :
       {"could not connect to server: Connection refused",
        "canceling statement due to statement timeout", "deadlock detected (SQLSTATE 40P01)",
        "database is locked", "429 Too Many Requests: throttled",
        "server closed the connection unexpectedly"}) {
    auto d = classify_failure(m);
    EXPECT_EQ(d.decision, "RETRY") << m;
    EXPECT_GE(d.confidence, 0.75) << m;
    EXPECT_FALSE(d.reason.empty());
  }
}

TEST(RetryClassifier, PermanentFailuresNeedReview) {
  for (const char* m :
       {"FATAL: password authentication failed for user \"x\"",
        "permission denied for table orders", "relation \"orders\" does not exist",
        "no such column: amount", "ON CONFLICT DO UPDATE command cannot affect row a second time",
        "duplicate key value violates unique constraint \"t_pkey\""}) {
    EXPECT_EQ(classify_failure(m).decision, "REVIEW") << m;
  }
}

TEST(RetryClassifier, AuthenticationBeatsTimeoutInOneMessage) {
  auto d = classify_failure("password authentication failed after connection timeout");
  EXPECT_EQ(d.decision, "REVIEW");
}

TEST(RetryClassifier, UnknownErrorsGoToReviewWithLowConfidence) {
  auto d = classify_failure("something odd happened");
  EXPECT_EQ(d.decision, "REVIEW");
  EXPECT_LT(d.confidence, 0.75);
}

}  // namespace
}  // namespace larkbase::loader
