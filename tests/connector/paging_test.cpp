// SplitReader's paging checks over scripted pages (no network): a record that
// comes twice fails the read (fetched twice within a split, or emitted by two
// splits of one scan sharing their record-id set), a search whose pages end before Lark's `total`
// fails, a complete answer passes, and a LIMIT-sized page grows when the reader
// rejects most rows.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "connector/record_id_set.hpp"
#include "connector/split_reader.hpp"
#include "test_table.hpp"

namespace larkbase::connector {
namespace {

ConnectorOptions prefetching(bool prefetch) {
  ConnectorOptions options;
  options.prefetch = prefetch;
  return options;
}

struct Record {
  std::string id;
  double amount = 0;
};

// One records/search response body.
std::string page_body(const std::vector<Record>& records, bool has_more,
                      std::optional<int64_t> total) {
  common::Json items = common::Json::array();
  for (const auto& record : records) {
    items.push_back({{"record_id", record.id}, {"fields", {{"Amount", record.amount}}}});
  }
  common::Json data = {{"items", items}, {"has_more", has_more}};
  if (has_more) data["page_token"] = "token";
  if (total) data["total"] = *total;
  return common::Json{{"code", 0}, {"msg", "success"}, {"data", data}}.dump();
}

// Pages given up front, in order.
class ScriptedPages final : public PageSource {
 public:
  explicit ScriptedPages(std::vector<RawPage> pages) : pages_(std::move(pages)) {}
  std::optional<RawPage> next() override {
    if (next_ >= pages_.size()) return std::nullopt;
    return pages_[next_++];
  }

 private:
  std::vector<RawPage> pages_;
  size_t next_ = 0;
};

// A table paged like Lark: each call returns the next `page_size` records.
class TablePages final : public PageSource {
 public:
  TablePages(std::vector<Record> records, std::shared_ptr<std::vector<int>> sizes)
      : records_(std::move(records)), sizes_(std::move(sizes)) {}
  std::optional<RawPage> next() override {
    if (offset_ >= records_.size()) return std::nullopt;
    sizes_->push_back(page_size_);
    size_t end = std::min(records_.size(), offset_ + size_t(page_size_));
    std::vector<Record> page(records_.begin() + long(offset_), records_.begin() + long(end));
    offset_ = end;
    bool more = end < records_.size();
    return RawPage{page_body(page, more, int64_t(records_.size())), more};
  }
  void set_page_size(int page_size) override { page_size_ = page_size; }

 private:
  std::vector<Record> records_;
  std::shared_ptr<std::vector<int>> sizes_;
  size_t offset_ = 0;
  int page_size_ = 500;
};

Split orders_split() {
  Split split;
  split.schema = "sales";
  split.table = "orders";
  split.table_schema = testing::test_table();
  split.columns = {"$reserved_record_id", "amount"};
  return split;
}

RawPage raw(const std::vector<Record>& records, bool has_more, std::optional<int64_t> total) {
  return RawPage{page_body(records, has_more, total), has_more};
}

// Every row id a reader returns; rethrows its error.
std::vector<std::string> drain(SplitReader& reader) {
  std::vector<std::string> ids;
  while (auto batch = reader.next()) {
    for (int64_t r = 0; r < batch->num_rows; ++r) {
      ids.emplace_back(batch->columns[0]->string_value(r));
    }
  }
  return ids;
}

std::string error_of(SplitReader& reader) {
  try {
    drain(reader);
  } catch (const common::ExternalError& error) {
    EXPECT_TRUE(error.retryable()) << error.what();
    return error.what();
  }
  return "";
}

TEST(SplitReaderPaging, ARecordRepeatedOnTheNextPageFailsTheRead) {
  for (bool prefetch : {false, true}) {
    common::CallStats stats;
    SplitReader reader(
        orders_split(),
        std::make_unique<ScriptedPages>(std::vector<RawPage>{
            raw({{"recA", 1}, {"recB", 2}}, true, 3), raw({{"recB", 2}, {"recC", 3}}, false, 3)}),
        stats, prefetching(prefetch));
    std::string message = error_of(reader);
    EXPECT_NE(message.find("record recB came twice"), std::string::npos) << message;
    EXPECT_NE(message.find("sales.orders"), std::string::npos) << message;
    EXPECT_NE(message.find("run the query again"), std::string::npos) << message;
    // The reader stays failed: no clean end after the error.
    EXPECT_THROW(reader.next(), common::ExternalError);
  }
}

TEST(SplitReaderPaging, ARecordTwoSplitsOfOneScanReturnedFailsTheSecond) {
  common::CallStats stats;
  auto seen = std::make_shared<RecordIdSet>();
  SplitReader first(orders_split(),
                    std::make_unique<ScriptedPages>(
                        std::vector<RawPage>{raw({{"recA", 1}, {"recB", 2}}, false, 2)}),
                    stats, prefetching(false), seen);
  EXPECT_EQ(drain(first), (std::vector<std::string>{"recA", "recB"}));
  SplitReader second(orders_split(),
                     std::make_unique<ScriptedPages>(
                         std::vector<RawPage>{raw({{"recC", 1}, {"recA", 1}}, false, 2)}),
                     stats, prefetching(false), seen);
  EXPECT_NE(error_of(second).find("record recA came twice"), std::string::npos);
}

// A range whose Lark filter is a superset (a time range widened by days) also
// fetches rows of its neighbours; only a record two splits emit is a repeat.
TEST(SplitReaderPaging, ARecordOnlyOneSplitOfAScanEmitsPasses) {
  common::CallStats stats;
  auto seen = std::make_shared<RecordIdSet>();
  Split low = orders_split();
  low.constraints.add("amount", pushdown::ValueSet::lt(pushdown::Value(int64_t{10})));
  Split high = orders_split();
  high.constraints.add("amount", pushdown::ValueSet::ge(pushdown::Value(int64_t{10})));
  const std::vector<RawPage> both = {raw({{"recA", 1}, {"recB", 20}}, false, 2)};
  SplitReader first(low, std::make_unique<ScriptedPages>(both), stats, prefetching(false), seen);
  EXPECT_EQ(drain(first), (std::vector<std::string>{"recA"}));
  SplitReader second(high, std::make_unique<ScriptedPages>(both), stats, prefetching(false), seen);
  EXPECT_EQ(drain(second), (std::vector<std::string>{"recB"}));
}

TEST(SplitReaderPaging, PagesEndingBeforeTheTotalFailTheRead) {
  common::CallStats stats;
  SplitReader reader(orders_split(),
                     std::make_unique<ScriptedPages>(std::vector<RawPage>{
                         raw({{"recA", 1}, {"recB", 2}}, true, 5), raw({{"recC", 3}}, false, 5)}),
                     stats, prefetching(true));
  std::string message = error_of(reader);
  EXPECT_NE(message.find("announced 5 matching records but its pages ended after 3"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("sales.orders"), std::string::npos) << message;
}

TEST(SplitReaderPaging, ACompleteAnswerAndAPageWithoutTotalPass) {
  common::CallStats stats;
  SplitReader complete(orders_split(),
                       std::make_unique<ScriptedPages>(std::vector<RawPage>{
                           raw({{"recA", 1}, {"recB", 2}}, true, 3), raw({{"recC", 3}}, false, 3)}),
                       stats, prefetching(true));
  EXPECT_EQ(drain(complete), (std::vector<std::string>{"recA", "recB", "recC"}));
  // batch_get answers are presented as one page without a total.
  SplitReader no_total(
      orders_split(),
      std::make_unique<ScriptedPages>(std::vector<RawPage>{raw({{"recA", 1}}, false, {})}), stats,
      prefetching(false));
  EXPECT_EQ(drain(no_total), (std::vector<std::string>{"recA"}));
}

TEST(SplitReaderPaging, ALimitSizedPageGrowsWhenTheReaderRejectsMostRows) {
  // 3000 records; only every 100th passes amount > 1000, so LIMIT 3 needs 300.
  std::vector<Record> records;
  for (int i = 1; i <= 3000; ++i)
    records.push_back({"rec" + std::to_string(i), i % 100 ? 1.0 : 5000.0});
  Split split = orders_split();
  split.constraints.add("amount", pushdown::ValueSet::gt(pushdown::Value(1000.0)));
  split.limit = 3;
  split.query.page_size = 3;  // as planned for an (assumed) exact filter
  auto sizes = std::make_shared<std::vector<int>>();
  common::CallStats stats;
  SplitReader reader(split, std::make_unique<TablePages>(records, sizes), stats, prefetching(true));
  EXPECT_EQ(drain(reader), (std::vector<std::string>{"rec100", "rec200", "rec300"}));
  // 3, 12, 48, 192, 500: five calls, not the hundred a fixed page of 3 would take.
  EXPECT_EQ(*sizes, (std::vector<int>{3, 12, 48, 192, 500}));
}

TEST(RecordIdSet, TellsNewIdsFromRepeatsThroughGrowth) {
  // 100,000 ids: about 390 per shard, so every shard doubles three times.
  RecordIdSet set;
  for (int i = 0; i < 100000; ++i) ASSERT_TRUE(set.insert("rec" + std::to_string(i)));
  for (int i = 0; i < 100000; i += 7) ASSERT_FALSE(set.insert("rec" + std::to_string(i)));
  EXPECT_TRUE(set.insert("rec100000"));
  EXPECT_EQ(set.size(), 100001u);
}

}  // namespace
}  // namespace larkbase::connector
