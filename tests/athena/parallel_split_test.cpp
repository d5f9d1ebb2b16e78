// Parallel splits: the split-key ranges cover every value (and NULL) exactly once,
// and against the Lark emulator the union of every split's rows is exactly the
// table, with the splits handed out over several GetSplits calls.
#include <gtest/gtest.h>

#include <limits>
#include <set>

#include "athena/federation_handler.hpp"
#include "athena/parallel_splits.hpp"
#include "athena_requests.hpp"
#include "columnar/cell_json.hpp"
#include "columnar/cell_value.hpp"
#include "connector/key_range.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"

namespace larkbase::athena {
namespace {

using testing::EmulatorProcess;

// The token carries the ranges themselves, and rejects what this connector did not issue.
TEST(ParallelSplitToken, CarriesTheRangesThemselves) {
  const std::string key = "$reserved_split_key";
  const std::vector<connector::KeyRange> ranges =
      connector::cut_key_range(key, std::numeric_limits<int64_t>::min(), 1000, 7);
  ASSERT_EQ(ranges.size(), 7u);
  EXPECT_EQ(ranges_from_token(range_token(ranges), key), ranges);
  const std::vector<connector::KeyRange> tail(ranges.begin() + 3, ranges.end());
  EXPECT_EQ(ranges_from_token(range_token(tail), key), tail);

  EXPECT_THROW(ranges_from_token("12", key), common::UserError);
  EXPECT_THROW(ranges_from_token(range_token(ranges), "other"), common::UserError);
  EXPECT_THROW(ranges_from_token(R"(lbr1{"c":"$reserved_split_key","r":[]})", key),
               common::UserError);
  EXPECT_THROW(ranges_from_token(R"(lbr1{"c":"$reserved_split_key","r":[[5,5,0]]})", key),
               common::UserError);
  EXPECT_THROW(ranges_from_token(R"(lbr1{"c":"$reserved_split_key","r":[["x",5,0]]})", key),
               common::UserError);
  EXPECT_THROW(ranges_from_token("lbr1{", key), common::UserError);
}

struct SplitRead {
  int get_splits_calls = 0;
  int splits = 0;
  std::multiset<std::string> ids;
  std::multiset<std::string> rows;  // every cell of every row, as JSON text
};

// The whole sequence; every split read, the record ids of all of them.
SplitRead read_all(FederationHandler& handler, const std::string& schema = "sales",
                   const std::string& table = "orders") {
  SplitRead out;
  testing::AthenaQuery query("q-par", schema, table);
  query.plan(handler);
  WireJson token = nullptr;
  do {
    const WireJson splits = query.splits(handler, token);
    ++out.get_splits_calls;
    for (const auto& split : splits["splits"]) {
      ++out.splits;
      const Message read =
          parse_message(handler.handle(query.read_records(query.schema(), split) +
                                       testing::block_sizes("16000000", "16000000")));
      const ArrowPayload& block = read.payload(read.body["records"]);
      if (!block.batch) continue;
      const int index = block.schema->field_index("$reserved_record_id");
      for (int64_t row = 0; row < block.batch->num_rows; ++row) {
        out.ids.insert(
            std::string(columnar::get_string(*block.batch->columns[size_t(index)], row)));
        std::string text;
        for (const auto& column : block.batch->columns) {
          text += columnar::cell_to_json_text(*column, row) + "\t";
        }
        out.rows.insert(std::move(text));
      }
    }
    token = splits["continuationToken"];
  } while (!token.is_null());
  return out;
}

// `single` with parallel splits of about `rows` rows, handed out 3 per GetSplits
// response (so continuation tokens are used).
AthenaConfig cut_into_ranges_of(const AthenaConfig& single, int64_t rows) {
  AthenaConfig parallel = single;
  parallel.parallel_split = true;
  parallel.parallel_split_size = rows;
  parallel.splits_per_response = 3;
  return parallel;
}

void expect_the_same_rows(const SplitRead& split, const SplitRead& whole) {
  EXPECT_GT(split.get_splits_calls, 1) << "splits handed out with continuation tokens";
  EXPECT_EQ(split.ids, whole.ids);    // no row lost, none read twice
  EXPECT_EQ(split.rows, whole.rows);  // and every cell as the serial read has it
}

TEST(ParallelSplitEmulator, UnionOfSplitsIsTheTable) {
  EmulatorProcess emu({"--demo", "--rows", "300"});
  AthenaConfig single;
  single.connector = testing::emulator_connector_config(emu, true);
  FederationHandler one(single);
  const SplitRead whole = read_all(one);
  EXPECT_EQ(whole.splits, 1);
  ASSERT_EQ(whole.ids.size(), 300u);

  FederationHandler many(cut_into_ranges_of(single, 40));
  const SplitRead split = read_all(many);
  // About 40 keyed rows per split (NULL keys ride with the first range).
  EXPECT_GE(split.splits, 6);
  expect_the_same_rows(split, whole);
}

// A table without `$reserved_split_key` (marketing.leads) is cut on its
// CreatedTime field; PARALLEL_SPLIT_COLUMN=none keeps it one split.
TEST(ParallelSplitEmulator, TableWithoutSplitKeyIsCutOnItsCreatedTime) {
  EmulatorProcess emu({"--demo", "--rows", "10"});
  AthenaConfig single;
  single.connector = testing::emulator_connector_config(emu, true);
  FederationHandler one(single);
  const SplitRead whole = read_all(one, "marketing", "leads");
  EXPECT_EQ(whole.splits, 1);
  ASSERT_EQ(whole.ids.size(), 150u);

  const AthenaConfig parallel = cut_into_ranges_of(single, 20);
  FederationHandler many(parallel);
  const SplitRead split = read_all(many, "marketing", "leads");
  EXPECT_GE(split.splits, 4);
  expect_the_same_rows(split, whole);

  AthenaConfig off = parallel;
  off.connector.options.split_column = "none";
  FederationHandler uncut(off);
  EXPECT_EQ(read_all(uncut, "marketing", "leads").splits, 1);
}

}  // namespace
}  // namespace larkbase::athena
