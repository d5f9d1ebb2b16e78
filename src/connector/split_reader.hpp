#pragma once
// Reads one split: raw pages → page normaliser → exact evaluator → projected
// batches of matching rows. While a page is normalised and evaluated, the next
// one is already being requested on a worker thread (prefetch), except when the
// current page may be enough to reach the LIMIT: then the next page is only
// requested if it turns out to be needed, so a satisfied LIMIT never costs an
// extra call. Any failure (a page after the client's retries, a malformed
// body) makes next() throw an error naming schema.table; the reader then stays
// failed, it never reports a clean end after an error.
//
// Paging is checked, because the SQL layer keys rows by record id and a short
// answer must never pass as complete: a record that comes twice in this split,
// or is emitted by two splits of the same scan sharing `seen`, fails the read (see
// record_id_set.hpp for why it is not dropped), and so does a search whose last
// page arrives before the `total` records Lark announced. When a split with a
// LIMIT gets too few exact rows from a page, the following pages grow (x4 up to
// 500), so a LIMIT-sized page is not kept for the whole table.
#include <exception>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/call_stats.hpp"
#include "common/error.hpp"
#include "connector/connector.hpp"
#include "connector/page_source.hpp"
#include "connector/record_id_set.hpp"
#include "pushdown/evaluator.hpp"
#include "types/page_normaliser.hpp"

namespace larkbase::connector {

class SplitReader final : public BatchReader {
 public:
  // `split` is copied; `stats` counts the calls of the client the source uses;
  // `options` gives prefetch and lenient_cells; `seen` is the record-id set shared
  // by the splits of one scan (a record two of them emit fails the read), or null.
  // Only emitted rows count across splits: a range's Lark filter may be a superset
  // (a time range widened by days) that also fetches its neighbours' rows.
  SplitReader(Split split, std::unique_ptr<PageSource> source, common::CallStats& stats,
              const ConnectorOptions& options, std::shared_ptr<RecordIdSet> seen = nullptr);
  ~SplitReader() override;

  std::optional<columnar::RecordBatch> next() override;
  ReadStats stats() const override;

 private:
  std::optional<RawPage> take_page();
  void start_prefetch();
  [[noreturn]] void fail(const common::Error& error);
  std::optional<columnar::RecordBatch> process(RawPage& page);
  void check_paging(const types::NormalisedPage& page, bool last);
  void check_emitted_once(const types::NormalisedPage& page, const std::vector<uint32_t>& rows);
  void grow_page_size();
  std::optional<RawPage> fetch();  // source_->next() at the current page size

  Split split_;
  std::unique_ptr<PageSource> source_;
  common::CallStats& call_stats_;
  common::CallStatsSnapshot start_;
  bool prefetch_;

  std::unique_ptr<types::PageNormaliser> normaliser_;
  std::unique_ptr<pushdown::Evaluator> evaluator_;
  std::vector<size_t> output_columns_;
  columnar::SchemaPtr output_schema_;

  RecordIdSet fetched_;                // this split's records
  std::shared_ptr<RecordIdSet> seen_;  // the scan's emitted records (null: one split)
  int page_size_;

  std::future<std::optional<RawPage>> pending_;
  bool more_ = true;  // the source may have another page
  bool done_ = false;
  std::exception_ptr failure_;  // a failed read keeps failing the same way
  ReadStats stats_;
};

}  // namespace larkbase::connector
