// Parallel splits: the split-key ranges cover every value (and NULL) exactly once,
// and against the Lark emulator the union of every split's rows is exactly the
// table, with the splits handed out over several GetSplits calls.
#include <gtest/gtest.h>

#include <limits>
#include <set>

#include "athena/federation_handler.hpp"
#include "athena/parallel_splits.hpp"
#include "columnar/cell_value.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"

namespace larkbase::athena {
namespace {

using testing::EmulatorProcess;

int covering(const SplitKeyRanges& ranges, const pushdown::Value& value) {
  int hits = 0;
  for (int i = 0; i < ranges.total(); ++i) hits += ranges.range(i).canonical().contains(value);
  return hits;
}

TEST(ParallelSplitRanges, EveryValueAndNullInExactlyOneSplit) {
  const SplitKeyRanges ranges{100, 40, 8};
  for (int64_t v :
       {std::numeric_limits<int64_t>::min(), int64_t{-5}, int64_t{99}, int64_t{100}, int64_t{139},
        int64_t{140}, int64_t{141}, int64_t{379}, int64_t{380}, int64_t{419}, int64_t{420},
        int64_t{100000}, std::numeric_limits<int64_t>::max()}) {
    EXPECT_EQ(covering(ranges, pushdown::Value(v)), 1) << v;
  }
  EXPECT_EQ(covering(ranges, pushdown::Value()), 1) << "NULL";
  EXPECT_TRUE(ranges.range(ranges.count).canonical().null_allowed);

  int next = -1;
  const SplitKeyRanges back = SplitKeyRanges::from_token(ranges.token(3), next);
  EXPECT_EQ(next, 3);
  EXPECT_EQ(back.min, 100);
  EXPECT_EQ(back.width, 40);
  EXPECT_EQ(back.count, 8);
  EXPECT_THROW(SplitKeyRanges::from_token("12", next), common::UserError);
  EXPECT_THROW(SplitKeyRanges::from_token("9:100:40:8", next), common::UserError);
  EXPECT_THROW(SplitKeyRanges::from_token("1:100:0:8", next), common::UserError);
}

const char* kIdentity =
    R"({"id":"UNKNOWN","principal":"UNKNOWN","account":"1","arn":"a","tags":{},"groups":[],)"
    R"("configOptions":{}})";
const char* kConstraints = R"({"summary":{},"expression":[],"orderByClause":[],)"
                           R"("limit":-1,"queryPassthroughArguments":{},"queryPlan":null})";
const char* kTable = R"("tableName":{"schemaName":"sales","tableName":"orders"})";

std::string prefix(const std::string& type) {
  return R"({"@type":")" + type + R"(","identity":)" + kIdentity +
         R"(,"queryId":"q-par","catalogName":"lark")";
}

WireJson call(FederationHandler& handler, const std::string& request) {
  return parse_wire_json(handler.handle(request), "response");
}

struct SplitRead {
  int get_splits_calls = 0;
  int splits = 0;
  std::multiset<std::string> ids;
};

// The whole sequence; every split read, the record ids of all of them.
SplitRead read_all(FederationHandler& handler) {
  SplitRead out;
  const WireJson got = call(
      handler, prefix("GetTableRequest") + "," + kTable + R"(,"queryPassthroughArguments":{}})");
  const std::string schema = got["schema"].get<std::string>();
  const WireJson layout =
      call(handler, prefix("GetTableLayoutRequest") + "," + kTable + R"(,"constraints":)" +
                        kConstraints + R"(,"schema":")" + schema + R"(","partitionColumns":[]})");
  WireJson token = nullptr;
  do {
    const WireJson splits =
        call(handler, prefix("GetSplitsRequest") + "," + kTable + R"(,"partitions":)" +
                          layout["partitions"].dump() + R"(,"partitionColumns":[],"constraints":)" +
                          kConstraints + R"(,"continuationToken":)" + token.dump() + "}");
    ++out.get_splits_calls;
    for (const auto& split : splits["splits"]) {
      ++out.splits;
      const Message read = parse_message(
          handler.handle(prefix("ReadRecordsRequest") + "," + kTable + R"(,"schema":")" + schema +
                         R"(","split":)" + split.dump() + R"(,"constraints":)" + kConstraints +
                         R"(,"maxBlockSize":"16000000","maxInlineBlockSize":"16000000"})"));
      const ArrowPayload& block = read.payload(read.body["records"]);
      if (!block.batch) continue;
      const int index = block.schema->field_index("$reserved_record_id");
      for (int64_t row = 0; row < block.batch->num_rows; ++row) {
        out.ids.insert(
            std::string(columnar::get_string(*block.batch->columns[size_t(index)], row)));
      }
    }
    token = splits["continuationToken"];
  } while (!token.is_null());
  return out;
}

TEST(ParallelSplitEmulator, UnionOfSplitsIsTheTable) {
  EmulatorProcess emu({"--demo", "--rows", "300"});
  AthenaConfig single;
  single.connector = testing::emulator_connector_config(emu, true);
  FederationHandler one(single);
  const SplitRead whole = read_all(one);
  EXPECT_EQ(whole.splits, 1);
  ASSERT_EQ(whole.ids.size(), 300u);

  AthenaConfig parallel = single;
  parallel.parallel_split = true;
  parallel.parallel_split_size = 40;
  parallel.splits_per_response = 3;
  FederationHandler many(parallel);
  const SplitRead split = read_all(many);
  EXPECT_GE(split.splits, 8) << "300 keys / 40 per split, plus the NULL split";
  EXPECT_GT(split.get_splits_calls, 1) << "splits handed out with continuation tokens";
  EXPECT_EQ(split.ids, whole.ids);  // no row lost, none read twice
}

}  // namespace
}  // namespace larkbase::athena
