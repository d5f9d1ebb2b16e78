// Range splits against the emulator, under each switchable filter semantics:
// the union of the split reads is exactly a full sequential scan (the same rows,
// every column compared, none twice), each split's key filter reached the API (the splits
// together fetch each row once instead of the table once per split), and
// records added after the cut, with keys on a boundary, below, above or empty,
// each land in exactly one split. The same holds cut on each other kind of
// sortable column: CreatedTime, Number, Currency, an integer AutoNumber.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "columnar/cell_json.hpp"
#include "connector/connector.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"
#include "lark/bitable_client.hpp"
#include "lark/lark_client.hpp"

namespace larkbase::connector {
namespace {

using larkbase::testing::EmulatorProcess;

constexpr int kRows = 3000;
constexpr const char* kRecordId = "$reserved_record_id";
constexpr const char* kKey = "$reserved_split_key";

struct Ids {
  std::vector<std::string> ids;
  std::vector<std::string> rows;  // every column of each row, as JSON text
  ReadStats stats;
};

// Reads `split` (through its JSON, as another process would get it). The first
// projected column is the record id.
Ids read_ids(Connector& connector, const Split& split) {
  Ids out;
  auto reader = connector.read(Split::from_json(common::Json::parse(split.to_json().dump())));
  while (auto batch = reader->next()) {
    for (int64_t r = 0; r < batch->num_rows; ++r) {
      out.ids.emplace_back(batch->columns[0]->string_value(r));
      std::string row;
      for (const auto& column : batch->columns)
        row += columnar::cell_to_json_text(*column, r) + "|";
      out.rows.push_back(std::move(row));
    }
  }
  out.stats = reader->stats();
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

constexpr int kTickets = 1500;

// A base "Counters" with table "tickets": an integer AutoNumber "Seq" (no split key),
// its values out of text order (2, 5, 8, ..., 4499) and some empty.
std::string write_tickets_dataset() {
  using common::Json;
  Json records = Json::array();
  for (int i = 0; i < kTickets; ++i) {
    Json fields = {{"Name", Json::array({{{"type", "text"}, {"text", "t" + std::to_string(i)}}})}};
    if (i % 50 != 7) fields["Seq"] = std::to_string(2 + 3 * ((i * 7) % kTickets));
    records.push_back(
        {{"record_id", "recTicket" + std::to_string(100000 + i)}, {"fields", fields}});
  }
  Json fields = Json::array(
      {{{"field_id", "fldName"}, {"field_name", "Name"}, {"type", 1}, {"ui_type", "Text"}},
       {{"field_id", "fldSeq"},
        {"field_name", "Seq"},
        {"type", 1005},
        {"ui_type", "AutoNumber"},
        {"property", {{"auto_serial", {{"type", "auto_increment_number"}}}}}}});
  Json dataset = {{"bases", Json::array({{{"app_token", "bascnCount0001"},
                                          {"name", "Counters"},
                                          {"tables", Json::array({{{"table_id", "tblTickets001"},
                                                                   {"name", "tickets"},
                                                                   {"fields", fields},
                                                                   {"records", records}}})}}})}};
  std::string path = std::filesystem::temp_directory_path() /
                     ("larkbase_range_split_tickets_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << dataset.dump();
  return path;
}

class RangeSplitEmulator : public ::testing::TestWithParam<std::vector<std::string>> {
 protected:
  void SetUp() override {
#if defined(__SANITIZE_ADDRESS__)
    // About a minute per setting under ASan: the sanitized run cuts on each kind of
    // column once (default semantics), the release run under every setting. Skipped
    // here, before an emulator is started for nothing.
    const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    if (test.rfind("EachSortableColumnCutsExactly", 0) == 0 && !GetParam().empty()) {
      GTEST_SKIP() << "semantics settings run in the release build";
    }
#endif
    std::vector<std::string> args = {"--demo", "--rows", std::to_string(kRows), "--dataset",
                                     write_tickets_dataset()};
    for (const auto& arg : GetParam()) args.push_back(arg);
    emu_ = std::make_unique<EmulatorProcess>(args);
  }
  std::unique_ptr<Connector> connector(int streams, const std::string& split_column = "") {
    auto config = larkbase::testing::emulator_connector_config(*emu_, true);
    config.options.scan_streams = streams;
    config.options.split_column = split_column;
    return Connector::create(config);
  }
  ScanPlan plan(Connector& connector, pushdown::Constraints constraints = {},
                const std::string& schema = "sales", const std::string& name = "orders") {
    ScanRequest request;
    request.schema = schema;
    request.table = name;
    // The record id first, then every other column of the table.
    request.columns = {kRecordId};
    const types::TableSchema table = connector.get_table(schema, name);
    for (const auto& column : table.columns()) {
      if (column.name != kRecordId) request.columns.push_back(column.name);
    }
    request.constraints = std::move(constraints);
    return connector.plan(request);
  }
  std::unique_ptr<EmulatorProcess> emu_;
};

TEST_P(RangeSplitEmulator, UnionOfSplitsIsTheSequentialScan) {
  auto sequential = connector(1);
  auto parallel = connector(4);
  for (bool filtered : {false, true}) {
    SCOPED_TRACE(filtered ? "with a filter" : "whole table");
    pushdown::Constraints constraints;
    if (filtered) {
      constraints.add("quantity",
                      pushdown::unite(pushdown::ValueSet::gt(pushdown::Value(int64_t{2})),
                                      pushdown::ValueSet::is_null()));
    }
    auto seq_plan = plan(*sequential, constraints);
    ASSERT_EQ(seq_plan.splits.size(), 1u);
    Ids expected = read_ids(*sequential, seq_plan.splits[0]);
    ASSERT_GT(expected.ids.size(), 1000u);

    // read() of the one planned split runs the ranges concurrently.
    Ids whole = read_ids(*parallel, plan(*parallel, constraints).splits[0]);
    EXPECT_EQ(sorted(whole.ids), sorted(expected.ids));
    EXPECT_EQ(sorted(whole.rows), sorted(expected.rows));
    EXPECT_EQ(whole.ids.size(), std::set<std::string>(whole.ids.begin(), whole.ids.end()).size());
    EXPECT_GT(whole.stats.pages, 1u);

    // The explicit cut (what Athena uses): each split read on its own.
    auto splits = parallel->cut(plan(*parallel, constraints).splits[0], 500, 64);
    ASSERT_GT(splits.size(), 3u);
    std::vector<std::string> all;
    std::vector<std::string> all_rows;
    uint64_t fetched = 0;
    for (const auto& split : splits) {
      ASSERT_TRUE(split.range.has_value());
      EXPECT_NE(split.query.filter.dump().find(kKey), std::string::npos)
          << split.query.filter.dump();
      Ids part = read_ids(*parallel, split);
      for (const auto& id : part.ids) all.push_back(id);
      for (const auto& row : part.rows) all_rows.push_back(row);
      fetched += part.stats.rows_fetched;
    }
    EXPECT_EQ(sorted(all), sorted(expected.ids));
    EXPECT_EQ(sorted(all_rows), sorted(expected.rows));
    // Each split's range filter reached the API: every row was fetched once,
    // not once per split (Lark's integer comparisons are exact here).
    EXPECT_EQ(fetched, expected.stats.rows_fetched);
  }
}

TEST_P(RangeSplitEmulator, RecordsAddedAfterTheCutLandInExactlyOneSplit) {
  auto parallel = connector(4);
  auto splits = parallel->cut(plan(*parallel).splits[0], 1000, 64);
  ASSERT_GE(splits.size(), 3u);
  int64_t boundary = *splits[1].range->low;

  auto config = larkbase::testing::emulator_connector_config(*emu_, true);
  lark::LarkClient client(config.lark);
  lark::BitableClient bitable(client);
  const auto& schema = splits[0].table_schema;
  std::vector<common::Json> records = {
      {{"$reserved_split_key", boundary}},
      {{"$reserved_split_key", boundary - 1}},
      {{"$reserved_split_key", -7}},
      {{"$reserved_split_key", int64_t{1} << 40}},
      {{"Quantity", 5}},
  };
  auto added = bitable.batch_create(schema.app_token(), schema.table_id(), records);
  ASSERT_EQ(added.size(), records.size());

  std::map<std::string, int> seen;
  for (const auto& split : splits) {
    for (const auto& id : read_ids(*parallel, split).ids) seen[id] += 1;
  }
  EXPECT_EQ(seen.size(), size_t(kRows) + records.size());
  for (const auto& [id, count] : seen) EXPECT_EQ(count, 1) << id;
  for (const auto& id : added) EXPECT_EQ(seen.count(id), 1u) << id;
}

// Cut on each kind of sortable column other than the split key: the union of the
// concurrent read and of the explicit cut is the sequential scan (rows with an
// empty key included, none twice), and each split's range filter reached the API.
TEST_P(RangeSplitEmulator, EachSortableColumnCutsExactly) {
  struct Case {
    const char* schema;
    const char* table;
    const char* column;
    const char* lark_field;
    bool day_widened;  // a time: Lark compares by day, the filter is widened by days
  };
  for (const Case& c : {Case{"counters", "tickets", "seq", "Seq", false},
                        Case{"sales", "orders", "created", "Created", true},
                        Case{"sales", "orders", "quantity", "Quantity", false},
                        Case{"sales", "orders", "amount", "Amount", false}}) {
    SCOPED_TRACE(c.column);
    auto sequential = connector(1);
    auto parallel = connector(4, c.column);
    Ids expected = read_ids(*sequential, plan(*sequential, {}, c.schema, c.table).splits[0]);
    ASSERT_GT(expected.ids.size(), 1000u);

    Ids whole = read_ids(*parallel, plan(*parallel, {}, c.schema, c.table).splits[0]);
    EXPECT_EQ(whole.stats.cut_column, c.column);
    EXPECT_GT(whole.stats.cut_ranges, 1u);
    EXPECT_EQ(sorted(whole.ids), sorted(expected.ids));
    EXPECT_EQ(sorted(whole.rows), sorted(expected.rows));

    auto splits = parallel->cut(plan(*parallel, {}, c.schema, c.table).splits[0], 300, 64);
    ASSERT_GT(splits.size(), 2u);
    std::vector<std::string> all;
    uint64_t fetched = 0;
    for (const auto& split : splits) {
      ASSERT_TRUE(split.range.has_value());
      EXPECT_EQ(split.range->column, c.column);
      const std::string filter = split.query.filter.dump();
      EXPECT_NE(filter.find(std::string(R"("field_name":")") + c.lark_field + "\""),
                std::string::npos)
          << filter;
      Ids part = read_ids(*parallel, split);
      all.insert(all.end(), part.ids.begin(), part.ids.end());
      fetched += part.stats.rows_fetched;
    }
    EXPECT_EQ(sorted(all), sorted(expected.ids));  // no gap, no overlap
    if (c.day_widened) {
      EXPECT_LT(fetched, 2 * expected.stats.rows_fetched);  // not the table once per split
    } else {
      EXPECT_EQ(fetched, expected.stats.rows_fetched);  // every row fetched once
    }
  }
  // Rows with an empty key are in the union (the tickets without a Seq).
  auto parallel = connector(4, "seq");
  auto ids = read_ids(*parallel, plan(*parallel, {}, "counters", "tickets").splits[0]).ids;
  EXPECT_EQ(ids.size(), size_t(kTickets));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), "recTicket100007"), 1);  // Seq empty

  // "none" turns cutting off.
  auto off = connector(4, "none");
  EXPECT_EQ(read_ids(*off, plan(*off).splits[0]).stats.cut_ranges, 0u);
}

// The default and each setting the SQL oracle runs under (tests/sqlite).
INSTANTIATE_TEST_SUITE_P(Semantics, RangeSplitEmulator,
                         ::testing::Values(std::vector<std::string>{},
                                           std::vector<std::string>{"--text-case", "sensitive"},
                                           std::vector<std::string>{"--multi-value-is", "any"},
                                           std::vector<std::string>{"--multi-value-is", "all"},
                                           std::vector<std::string>{"--day-boundary", "start"},
                                           std::vector<std::string>{"--time-zone", "+14:00"},
                                           std::vector<std::string>{"--time-zone", "-10:00"},
                                           std::vector<std::string>{"--empty-sort", "first"}));

}  // namespace
}  // namespace larkbase::connector
