#include "connector/split_reader.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "columnar/take.hpp"
#include "common/body_buffer.hpp"
#include "common/error_context.hpp"
#include "lark/record_search.hpp"

namespace larkbase::connector {
SplitReader::SplitReader(Split split, std::unique_ptr<PageSource> source, common::CallStats& stats,
                         const ConnectorOptions& options, std::shared_ptr<RecordIdSet> seen)
    : split_(std::move(split)),
      source_(std::move(source)),
      call_stats_(stats),
      start_(stats.snapshot()),
      prefetch_(options.prefetch),
      seen_(std::move(seen)),
      page_size_(split_.query.page_size) {
  auto names = split_.normalised_columns();
  auto projection = types::Projection::of(split_.table_schema, names);
  types::PageContext context{split_.app_token(), split_.table_id()};
  context.lenient_cells = options.lenient_cells;
  normaliser_ =
      std::make_unique<types::PageNormaliser>(split_.table_schema, projection, std::move(context));
  const auto& full = *normaliser_->output_schema();
  evaluator_ = std::make_unique<pushdown::Evaluator>(split_.constraints, full);
  auto schema = std::make_shared<columnar::Schema>();
  for (size_t i = 0; i < split_.columns.size(); ++i) {
    output_columns_.push_back(i);
    schema->fields.push_back(full.fields[i]);
  }
  output_schema_ = std::move(schema);
  if (split_.limit && *split_.limit <= 0) done_ = true;
}

SplitReader::~SplitReader() {
  // A pending prefetch is waited for (the future's destructor); its result or
  // error is dropped: nobody reads this split any more.
  if (pending_.valid()) pending_.wait();
}

void SplitReader::fail(const common::Error& error) {
  std::string message =
      fmt::format("reading {} (table {} of base {}) failed: {}", split_.qualified_name(),
                  split_.table_id(), split_.app_token(), error.what());
  failure_ = common::same_kind_error(error, message);
  std::rethrow_exception(failure_);
}

std::optional<RawPage> SplitReader::fetch() {
  source_->set_page_size(page_size_);
  return source_->next();
}

std::optional<RawPage> SplitReader::take_page() {
  if (pending_.valid()) return pending_.get();
  if (!more_) return std::nullopt;
  return fetch();
}

void SplitReader::start_prefetch() {
  if (!prefetch_ || !more_ || done_) return;
  // When this page alone might reach the LIMIT, fetching ahead could waste a call.
  if (split_.limit && *split_.limit - int64_t(stats_.rows_emitted) <= page_size_) return;
  // The page size is set here, on the reader's thread, never while a fetch runs.
  source_->set_page_size(page_size_);
  pending_ = std::async(std::launch::async, [this] { return source_->next(); });
}

std::optional<columnar::RecordBatch> SplitReader::next() {
  while (true) {
    if (failure_) std::rethrow_exception(failure_);
    if (done_) return std::nullopt;
    std::optional<RawPage> page;
    try {
      page = take_page();
    } catch (const common::Error& error) {
      fail(error);
    }
    if (!page) {
      done_ = true;
      return std::nullopt;
    }
    more_ = page->has_more;
    start_prefetch();
    std::optional<columnar::RecordBatch> batch;
    try {
      batch = process(*page);
    } catch (const common::Error& error) {
      fail(error);
    }
    if (batch) return batch;
  }
}

std::optional<columnar::RecordBatch> SplitReader::process(RawPage& page) {
  stats_.pages += 1;
  stats_.bytes += page.body.size();
  types::NormalisedPage normalised = normaliser_->normalise_reusing_capacity(page.body);
  common::recycle_body_buffer(std::move(page.body));  // the batch holds copies
  stats_.rows_fetched += uint64_t(normalised.batch.num_rows);
  stats_.warnings += uint64_t(normalised.warnings);
  check_paging(normalised, !page.has_more);
  if (normalised.warnings > 0) {
    spdlog::warn("{}: {} value(s) did not convert and became NULL (--lenient-cells), first: {}",
                 split_.qualified_name(), normalised.warnings, normalised.first_warning);
  }
  std::vector<uint32_t> rows = evaluator_->select(normalised.batch);
  if (split_.limit) {
    int64_t room = *split_.limit - int64_t(stats_.rows_emitted);
    if (int64_t(rows.size()) >= room) {
      rows.resize(size_t(std::max<int64_t>(room, 0)));
      done_ = true;  // enough exact rows: stop fetching
    }
  }
  if (seen_) check_emitted_once(normalised, rows);
  stats_.rows_emitted += rows.size();
  if (split_.limit && !done_) grow_page_size();
  if (rows.empty()) return std::nullopt;
  return columnar::take_rows(normalised.batch, rows, output_columns_, output_schema_);
}

namespace {

common::ExternalError came_twice(std::string_view id, uint64_t page) {
  return common::ExternalError(
      fmt::format("record {} came twice (again on page {}): the table changed while it was "
                  "paged, or Lark re-sent records. Such a scan may also have skipped records, "
                  "so its result is not used; run the query again",
                  id, page),
      /*retryable=*/true);
}

}  // namespace

void SplitReader::check_emitted_once(const types::NormalisedPage& page,
                                     const std::vector<uint32_t>& rows) {
  for (uint32_t row : rows) {
    std::string_view id = page.record_id(row);
    if (!id.empty() && !seen_->insert(id)) throw came_twice(id, stats_.pages);
  }
}

void SplitReader::check_paging(const types::NormalisedPage& page, bool last) {
  for (int64_t row = 0; row < page.batch.num_rows; ++row) {
    std::string_view id = page.record_id(row);
    if (!id.empty() && !fetched_.insert(id)) throw came_twice(id, stats_.pages);
  }
  // Lark's total counts the records the whole search matches; the last page
  // must bring the count to it. (A batch_get page carries no total.)
  if (last && page.total && *page.total != int64_t(stats_.rows_fetched)) {
    throw common::ExternalError(
        fmt::format("Lark announced {} matching records but its pages ended after {}: the table "
                    "changed while it was paged, or the answer was cut short; the result would "
                    "not be complete, so it is not used; run the query again",
                    *page.total, stats_.rows_fetched),
        /*retryable=*/true);
  }
}

void SplitReader::grow_page_size() {
  // The page was sized for the LIMIT, but the reader rejected rows Lark sent:
  // keeping that size would cost a call per few rows over the whole table.
  page_size_ = std::min(lark::kMaxSearchPageSize, page_size_ * 4);
}

ReadStats SplitReader::stats() const {
  ReadStats stats = stats_;
  auto delta = call_stats_.snapshot() - start_;
  stats.calls = delta.calls;
  stats.retries = delta.retries;
  return stats;
}

}  // namespace larkbase::connector
