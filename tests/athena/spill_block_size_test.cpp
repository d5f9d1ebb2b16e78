// Spilled blocks respect the block limit: a split of several megabytes read with
// Athena's default maxBlockSize (16 MB) and with 1 MB spills objects (fetched back
// from the AWS emulator's S3, decrypted with the split's key) whose Arrow message
// is at most the cut size: maxBlockSize, and never more than 8 MiB, the size the
// writer cuts at to keep a 128 MB Lambda flat (docs/athena.md). Together the
// blocks hold exactly the table: the rows of the inline answer, every record once.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "athena/federation_handler.hpp"
#include "athena/s3_spill_store.hpp"
#include "athena_requests.hpp"
#include "aws/s3_client.hpp"
#include "aws_emulator_process.hpp"
#include "columnar/cell_json.hpp"
#include "columnar/ipc.hpp"
#include "common/base64.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"

namespace larkbase::athena {
namespace {

using testing::AwsEmulatorProcess;
using testing::EmulatorProcess;

// Enough demo orders for an Arrow table of more than 8 MiB (about 12 MB).
constexpr int kRows = 10000;
constexpr int64_t kLambdaFriendlyCut = int64_t(8) << 20;

// Appends the batch's rows (one JSON array of cells each) to `rows`.
void append_rows(const columnar::RecordBatch& batch, WireJson& rows) {
  for (int64_t r = 0; r < batch.num_rows; ++r) {
    WireJson row = WireJson::array();
    for (const auto& column : batch.columns)
      row.push_back(WireJson(columnar::cell_to_json(*column, r)));
    rows.push_back(std::move(row));
  }
}

// Each row's JSON text, sorted: the rows as a multiset.
std::vector<std::string> sorted_texts(const WireJson& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(row.dump());
  std::sort(out.begin(), out.end());
  return out;
}

// The rows of an inline ReadRecordsResponse, decoded from its base64 block (the
// answer is larger than parse_message takes: Lambda's limit is for requests).
WireJson inline_rows(const std::string& response) {
  const WireJson answer = parse_wire_json(response, "inline ReadRecords answer");
  EXPECT_EQ(answer["@type"], "ReadRecordsResponse");
  const auto schema = std::make_shared<columnar::Schema>(columnar::read_schema_message(
      common::base64_decode(answer["records"]["schema"].get<std::string>())));
  WireJson rows = WireJson::array();
  append_rows(columnar::read_record_batch_message(
                  common::base64_decode(answer["records"]["records"].get<std::string>()), schema),
              rows);
  return rows;
}

class SpillBlockSizeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lark_ = new EmulatorProcess({"--demo", "--rows", std::to_string(kRows)});
    aws_ = new AwsEmulatorProcess({"--demo"});
    AthenaConfig config;
    config.connector = testing::emulator_connector_config(*lark_, true);
    config.aws = aws_->config();
    config.spill.bucket = aws_->handshake().at("spill_bucket").get<std::string>();
    config.spill.prefix = "block-size";
    handler_ = new FederationHandler(std::move(config), nullptr,
                                     std::make_shared<S3SpillStore>(aws_->config()));
    testing::AthenaQuery query("q-blocks");
    request_ = new std::string(query.first_read(*handler_));
    // The whole split inline: the reference the spilled blocks must add up to.
    expected_ = new WireJson(
        inline_rows(handler_->handle(*request_ + testing::block_sizes("64000000", "64000000"))));
  }
  static void TearDownTestSuite() {
    delete expected_;
    delete request_;
    delete handler_;
    delete aws_;
    delete lark_;
  }

  // Reads the split spilled with `max_block`; checks every object's size and
  // that the objects' rows, in order, are the inline rows.
  static void check_blocks(int64_t max_block) {
    const WireJson remote = testing::AthenaQuery::call(
        *handler_, *request_ + testing::block_sizes(std::to_string(max_block), "1000"));
    ASSERT_EQ(remote["@type"], "RemoteReadRecordsResponse");
    const Message decoded = parse_message(remote.dump());
    const columnar::SchemaPtr schema = decoded.payload(decoded.body["schema"]).schema;
    const EncryptionKey key{
        common::base64_decode(remote["encryptionKey"]["key"].get<std::string>()),
        common::base64_decode(remote["encryptionKey"]["nonce"].get<std::string>())};
    const int64_t cut = std::min(max_block, kLambdaFriendlyCut);
    aws::S3Client s3(aws_->config());
    WireJson rows = WireJson::array();
    int64_t total_bytes = 0;
    for (const WireJson& location : remote["remoteBlocks"]) {
      const std::string message = decrypt_spill_object(
          s3.get_object(location["bucket"].get<std::string>(), location["key"].get<std::string>()),
          key);
      EXPECT_LE(int64_t(message.size()), cut) << location["key"];
      total_bytes += int64_t(message.size());
      append_rows(columnar::read_record_batch_message(message, schema), rows);
    }
    // More than one cut's worth of data: without the cut one block would be too big.
    ASSERT_GT(total_bytes, cut) << "the table is too small to test the cut";
    EXPECT_GE(remote["remoteBlocks"].size(), size_t(total_bytes / cut) + 1);
    // The same rows; the order may differ (a large split is read as concurrent ranges).
    EXPECT_EQ(sorted_texts(rows), sorted_texts(*expected_))
        << "the spilled blocks are not the table's rows";
  }

  static EmulatorProcess* lark_;
  static AwsEmulatorProcess* aws_;
  static FederationHandler* handler_;
  static std::string* request_;
  static WireJson* expected_;
};
EmulatorProcess* SpillBlockSizeTest::lark_ = nullptr;
AwsEmulatorProcess* SpillBlockSizeTest::aws_ = nullptr;
FederationHandler* SpillBlockSizeTest::handler_ = nullptr;
std::string* SpillBlockSizeTest::request_ = nullptr;
WireJson* SpillBlockSizeTest::expected_ = nullptr;

TEST_F(SpillBlockSizeTest, InlineReferenceIsTheWholeTable) {
  ASSERT_EQ(expected_->size(), size_t(kRows));
  const std::vector<std::string> rows = sorted_texts(*expected_);
  EXPECT_EQ(std::set<std::string>(rows.begin(), rows.end()).size(), size_t(kRows))
      << "every record once";
}

TEST_F(SpillBlockSizeTest, AthenaDefaultBlockSizeIsCutAt8MiB) { check_blocks(16 << 20); }

TEST_F(SpillBlockSizeTest, OneMegabyteBlocks) { check_blocks(1 << 20); }

}  // namespace
}  // namespace larkbase::athena
