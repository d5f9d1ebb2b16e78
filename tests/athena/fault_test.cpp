// Faults: the Lark emulator injects 20% transient errors and rate-limits the app.
// Every ReadRecords either returns exactly the rows of a fault-free emulator with
// the same data, or fails with an error document naming the table; never fewer
// rows. With a patient retry policy every read succeeds; with an impatient one
// some fail, and those failures are clean.
#include <gtest/gtest.h>

#include "athena/federation_handler.hpp"
#include "athena_requests.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"

namespace larkbase::athena {
namespace {

using testing::EmulatorProcess;

// The ReadRecords request of the table's one split, planned through `handler`.
std::string read_request(FederationHandler& handler) {
  return testing::AthenaQuery("q-fault").first_read(handler) +
         testing::block_sizes("16000000", "16000000");
}

WireJson rows_of(const std::string& response) {
  return decoded_content(parse_message(response))["body"]["records"]["rows"];
}

AthenaConfig config(const EmulatorProcess& emu, int max_attempts) {
  AthenaConfig config;
  config.connector = testing::emulator_connector_config(emu, true);
  config.connector.lark.search_page_size = 30;  // many pages: many chances to fail
  config.connector.lark.retry.max_attempts = max_attempts;
  config.connector.lark.retry.base_delay = common::Millis(5);
  config.connector.lark.retry.max_delay = common::Millis(100);
  config.connector.lark.retry.total_budget = common::Millis(max_attempts > 2 ? 60000 : 2000);
  return config;
}

TEST(AthenaFaults, ReadsAreExactOrFailClearly) {
  const std::vector<std::string> data{"--demo", "--rows", "240", "--seed", "42"};
  EmulatorProcess clean(data);
  std::vector<std::string> faulty_args = data;
  for (const char* arg : {"--fault-rate", "0.2", "--fault-seed", "11", "--rate-limit", "10"}) {
    faulty_args.push_back(arg);
  }
  EmulatorProcess faulty(faulty_args);

  FederationHandler reference(config(clean, 6));
  const WireJson expected = rows_of(reference.handle(read_request(reference)));
  ASSERT_EQ(expected.size(), 240u);

  // The split is planned once (patiently); then read by a patient and an impatient handler.
  FederationHandler planner(config(faulty, 30));
  const std::string request = read_request(planner);

  FederationHandler patient(config(faulty, 30));
  for (int i = 0; i < 3; ++i) {
    const InvocationResult result = patient.invoke(request);
    ASSERT_TRUE(result.ok) << result.body;
    EXPECT_EQ(rows_of(result.body), expected) << "read " << i;
  }

  int failed = 0;
  int exact = 0;
  for (int i = 0; i < 30; ++i) {
    FederationHandler impatient(config(faulty, 1));
    const InvocationResult result = impatient.invoke(request);
    if (result.ok) {
      EXPECT_EQ(rows_of(result.body), expected) << "read " << i << " answered other rows";
      ++exact;
      continue;
    }
    ++failed;
    const LambdaError error = parse_lambda_error(result.body);
    EXPECT_TRUE(error.error_type == "ExternalServiceException" ||
                error.error_type ==
                    "com.amazonaws.athena.connector.lambda.exceptions.FederationThrottleException")
        << error.error_type << ": " << error.error_message;
    EXPECT_NE(error.error_message.find("orders"), std::string::npos) << error.error_message;
    EXPECT_EQ(result.body.find(faulty.app_secret()), std::string::npos);
    EXPECT_EQ(result.body.find("\"records\""), std::string::npos);
  }
  // With one attempt per call and nine calls per read, faults must have hit.
  EXPECT_GT(failed, 0);
  RecordProperty("exact_reads", exact);
  RecordProperty("failed_reads", failed);
}

}  // namespace
}  // namespace larkbase::athena
