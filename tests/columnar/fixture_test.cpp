// Decodes every Arrow schema and record batch in the Athena SDK's serde fixtures
// (tests/fixtures/athena-sdk-serde, test data from the SDK's own serde tests) and checks the values
// each fixture's message describes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "columnar/cell_json.hpp"
#include "columnar/ipc.hpp"
#include "common/base64.hpp"
#include "common/json.hpp"

namespace larkbase::columnar {
namespace {

namespace fs = std::filesystem;

struct Block {
  IpcMessageInfo schema_info;
  SchemaPtr schema;
  std::optional<IpcMessageInfo> records_info;
  std::optional<RecordBatch> batch;
};

class FixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(LARKBASE_FIXTURE_DIR);
    ASSERT_TRUE(fs::is_directory(root_)) << "fixture folder absent: " << root_;
    for (const auto& entry : fs::recursive_directory_iterator(root_)) {
      if (entry.path().extension() != ".json") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      const std::string name = fs::relative(entry.path(), root_).generic_string();
      walk(common::parse_json(text.str(), name), name + " $");
      ++files_;
    }
  }

  // Every member "schema" / "outputSchema" holding a string is a base64 Schema
  // message; a "records" string beside it is the block's RecordBatch message.
  void walk(const common::Json& node, const std::string& path) {
    if (node.is_array()) {
      for (size_t i = 0; i < node.size(); ++i) walk(node[i], path + "[" + std::to_string(i) + "]");
      return;
    }
    if (!node.is_object()) return;
    for (const auto& [key, value] : node.items()) {
      if ((key == "schema" || key == "outputSchema") && value.is_string()) {
        decode(node, key, path + "." + key);
      } else {
        walk(value, path + "." + key);
      }
    }
  }

  void decode(const common::Json& object, const std::string& key, const std::string& path) {
    SCOPED_TRACE(path);
    Block block;
    const std::string schema_bytes = common::base64_decode(object[key].get<std::string>());
    block.schema_info = describe_message(schema_bytes);
    block.schema = std::make_shared<const Schema>(read_schema_message(schema_bytes));
    if (key == "schema" && object.contains("records") && object["records"].is_string() &&
        !object["records"].get<std::string>().empty()) {
      const std::string records = common::base64_decode(object["records"].get<std::string>());
      block.records_info = describe_message(records);
      block.batch = read_record_batch_message(records, block.schema);
      block.batch->validate();
    }
    blocks_.emplace(path, std::move(block));
  }

  const Block& block(const std::string& path) {
    auto it = blocks_.find(path);
    if (it == blocks_.end()) throw std::runtime_error("no Arrow block at " + path);
    return it->second;
  }

  static std::string cell(const Block& block, const std::string& column, int64_t row) {
    const int index = block.schema->field_index(column);
    if (index < 0) return "(no column " + column + ")";
    return cell_to_json_text(*block.batch->columns[size_t(index)], row);
  }

  static std::string fields_of(const Block& block) {
    std::string out;
    for (const Field& field : block.schema->fields) {
      out += field.name + ":" + field.type->to_string() + (field.nullable ? "" : "!") + " ";
    }
    return out;
  }

  fs::path root_;
  int files_ = 0;
  std::map<std::string, Block> blocks_;
};

TEST_F(FixtureTest, EveryBlockDecodesWithTheFramingOfItsVersion) {
  // 25 documents hold 34 schema messages, 20 of them with a non-empty record batch.
  EXPECT_EQ(files_, 25);
  EXPECT_EQ(blocks_.size(), 34u);
  EXPECT_EQ(std::count_if(blocks_.begin(), blocks_.end(),
                          [](const auto& entry) { return entry.second.batch.has_value(); }),
            20);
  for (const auto& [path, block] : blocks_) {
    const bool legacy = path.rfind("v2/", 0) == 0;
    const IpcFraming framing = legacy ? IpcFraming::kLegacy : IpcFraming::kContinuation;
    const int version = legacy ? 3 : 4;  // V4 : V5
    EXPECT_EQ(block.schema_info.framing, framing) << path;
    EXPECT_EQ(block.schema_info.metadata_version, version) << path;
    EXPECT_EQ(block.schema_info.kind, IpcMessageKind::kSchema) << path;
    if (block.records_info) {
      EXPECT_EQ(block.records_info->framing, framing) << path;
      EXPECT_EQ(block.records_info->metadata_version, version) << path;
      EXPECT_EQ(block.records_info->kind, IpcMessageKind::kRecordBatch) << path;
    }
  }
}

TEST_F(FixtureTest, ConstraintValueBlocks) {
  const std::string files[] = {"v2/ReadRecordsRequest.json", "v2/GetTableLayoutRequest.json",
                               "v2/GetSplitsRequest.json",   "v4/ReadRecordsRequest.json",
                               "v5/ReadRecordsRequest.json", "v6/ReadRecordsRequest.json"};
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const std::string summary = file + " $.constraints.summary.";
    const Block& equatable = block(summary + "col4.valueBlock.schema");
    EXPECT_EQ(fields_of(equatable), "col1:float64 ");
    ASSERT_TRUE(equatable.batch);
    EXPECT_EQ(equatable.batch->num_rows, 1);
    EXPECT_EQ(equatable.batch->columns[0]->value<double>(0), 1.1);

    const Block& low = block(summary + "col3.ranges[0].low.valueBlock.schema");
    ASSERT_TRUE(low.batch);
    EXPECT_EQ(low.batch->columns[0]->value<double>(0), -10000.0);

    // An unbounded range end: schema only, "records" is "".
    const Block& high = block(summary + "col3.ranges[0].high.valueBlock.schema");
    EXPECT_EQ(fields_of(high), "col1:float64 ");
    EXPECT_FALSE(high.batch);
  }
  for (const std::string version : {"v4", "v5", "v6"}) {
    const Block& constant = block(version +
                                  "/ReadRecordsRequest.json "
                                  "$.constraints.expression[0].arguments[0]."
                                  "arguments[1].valueBlock.schema");
    EXPECT_EQ(fields_of(constant), "col1:int32 ");
    ASSERT_TRUE(constant.batch);
    EXPECT_EQ(cell(constant, "col1", 0), "10");
  }
}

TEST_F(FixtureTest, TableSchemas) {
  const std::string seven =
      "year:int32 month:int32 day:int32 col2:utf8 col3:float64 "
      "col4:float64 col5:float64 ";
  for (const std::string file : {"v2/ReadRecordsRequest.json", "v2/GetTableLayoutRequest.json",
                                 "v4/ReadRecordsRequest.json", "v6/ReadRecordsRequest.json"}) {
    EXPECT_EQ(fields_of(block(file + " $.schema")), seven) << file;
  }
  EXPECT_EQ(fields_of(block("v2/GetTableResponse.json $.schema")),
            "year:int32 month:int32 day:int32 col3:utf8 ");
  EXPECT_EQ(fields_of(block("v2/RemoteReadRecordsResponse.json $.schema")),
            "year:int32 month:int32 day:int32 ");
  EXPECT_EQ(fields_of(block("v2/UserDefinedFunctionRequest.json $.outputSchema")),
            "product:int32 ");
}

TEST_F(FixtureTest, PartitionAndRecordBlocks) {
  const Block& response = block("v2/ReadRecordsResponse.json $.records.schema");
  ASSERT_TRUE(response.batch);
  ASSERT_EQ(response.batch->num_rows, 10);
  for (int64_t row = 0; row < 10; ++row) {
    EXPECT_EQ(cell(response, "year", row), std::to_string(2016 + row));
    EXPECT_EQ(cell(response, "month", row), std::to_string(row + 1));
    EXPECT_EQ(cell(response, "day", row), std::to_string(row + 1));
  }

  const Block& layout = block("v2/GetTableLayoutResponse.json $.partitions.schema");
  ASSERT_TRUE(layout.batch);
  ASSERT_EQ(layout.batch->num_rows, 10);
  EXPECT_EQ(cell(layout, "year", 9), "2025");
  EXPECT_EQ(layout.batch->columns[3]->null_count, 10);  // col3 is never set

  const Block& splits = block("v2/GetSplitsRequest.json $.partitions.schema");
  ASSERT_TRUE(splits.batch);
  ASSERT_EQ(splits.batch->num_rows, 10);
  EXPECT_EQ(cell(splits, "month", 4), "5");
  EXPECT_EQ(cell(splits, "col2", 4), "null");

  const Block& udf_in = block("v2/UserDefinedFunctionRequest.json $.inputRecords.schema");
  ASSERT_TRUE(udf_in.batch);
  EXPECT_EQ(fields_of(udf_in), "factor1:int32 factor2:int32 ");
  ASSERT_EQ(udf_in.batch->num_rows, 1);
  EXPECT_EQ(cell(udf_in, "factor1", 0), "2");
  EXPECT_EQ(cell(udf_in, "factor2", 0), "3");

  const Block& udf_out = block("v2/UserDefinedFunctionResponse.json $.records.schema");
  ASSERT_TRUE(udf_out.batch);
  ASSERT_EQ(udf_out.batch->num_rows, 10);
  for (int64_t row = 0; row < 10; ++row)
    EXPECT_EQ(cell(udf_out, "product", row), std::to_string(2 * row));
}

TEST_F(FixtureTest, RewrittenBlocksCarryTheSameContent) {
  // Byte equality with Java is not expected (flatbuffer layouts differ); content is.
  for (const auto& [path, block] : blocks_) {
    if (!block.batch) continue;
    for (IpcFraming framing : {IpcFraming::kLegacy, IpcFraming::kContinuation}) {
      auto schema = std::make_shared<const Schema>(
          read_schema_message(write_schema_message(*block.schema, framing)));
      EXPECT_TRUE(schema->equals(*block.schema)) << path;
      RecordBatch back =
          read_record_batch_message(write_record_batch_message(*block.batch, framing), schema);
      ASSERT_EQ(back.num_rows, block.batch->num_rows) << path;
      for (size_t c = 0; c < back.columns.size(); ++c) {
        for (int64_t row = 0; row < back.num_rows; ++row) {
          EXPECT_EQ(cell_to_json_text(*back.columns[c], row),
                    cell_to_json_text(*block.batch->columns[c], row))
              << path;
        }
      }
    }
  }
}

}  // namespace
}  // namespace larkbase::columnar
